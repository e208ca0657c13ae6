import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Flow } from '@sluice/schemas';
import { createEditorStore, type EditorActions, type EditorState, type EditorStore, type FlowMeta } from './editor-store.js';

const Ctx = createContext<EditorStore | null>(null);

/** Creates the editor's store once and hands it to everything below. */
export function EditorProvider(props: { flow: Flow; meta: FlowMeta; saved?: Flow | null; children: ReactNode }) {
  const [store] = useState(() => createEditorStore(props.flow, props.meta, props.saved ?? null));
  return <Ctx.Provider value={store}>{props.children}</Ctx.Provider>;
}

export function useEditorStore(): EditorStore {
  const s = useContext(Ctx);
  if (!s) throw new Error('useEditor outside EditorProvider');
  return s;
}

/** Reads from the editor's store through a selector (re-renders only when it changes). */
export function useEditor<T>(selector: (s: EditorState) => T): T {
  return useStore(useEditorStore(), selector);
}

export function useActions(): EditorActions {
  return useStore(useEditorStore(), (s) => s.actions);
}
