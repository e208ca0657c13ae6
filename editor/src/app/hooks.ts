import { useEffect } from 'react';
import { commandFor, isTextTarget } from '../graph/keyboard.js';
import { onlyMoved } from '../graph/ops.js';
import { keepDraft } from '../persistence/drafts.js';
import { useEditorStore } from '../store/provider.js';
import { validate } from '../validation.js';
import type { Commands } from '../canvas/commands.js';

/** Compiles the flow a moment after the last change and shows the problems. */
export function useValidation(delayMs = 250): void {
  const store = useEditorStore();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      const { issues, ruleSet } = validate(store.getState().history.present);
      store.getState().actions.setIssues(issues, ruleSet);
    };
    run();
    const unsub = store.subscribe((s, prev) => {
      // Moving nodes changes nothing the engine reads.
      if (onlyMoved(prev.history.present, s.history.present)) return;
      clearTimeout(timer);
      timer = setTimeout(run, delayMs);
    });
    return () => {
      clearTimeout(timer);
      unsub();
    };
  }, [store, delayMs]);
}

/** Keeps every change in localStorage and asks before leaving with unsaved changes. */
export function usePersistence(): void {
  const store = useEditorStore();
  useEffect(() => {
    // A published version shown read only is not the draft: keeping it would overwrite it.
    if (store.getState().meta.readOnlyVersion !== undefined) return;
    const keep = () => {
      const s = store.getState();
      keepDraft(localStorage, s.history.present, s.saved === s.history.present, Date.now());
    };
    keep();
    const unsub = store.subscribe((s, prev) => {
      // While dragging, the draft is kept once, at the drop (writing 300 nodes per frame stutters).
      if (s.history.gestureBase !== null) return;
      if (s.history.present !== prev.history.present || s.saved !== prev.saved || prev.history.gestureBase !== null) keep();
    });
    const onLeave = (e: BeforeUnloadEvent) => {
      const s = store.getState();
      if (s.saved !== s.history.present) {
        e.preventDefault();
        e.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', onLeave);
    return () => {
      unsub();
      window.removeEventListener('beforeunload', onLeave);
    };
  }, [store]);
}

/** Keyboard shortcuts and the clipboard events for the canvas. */
export function useKeyboard(commands: Commands, onLayout: () => void, onFit: () => void): void {
  const store = useEditorStore();
  useEffect(() => {
    let pendingPaste: ReturnType<typeof setTimeout> | undefined;
    const onKey = (e: KeyboardEvent) => {
      if (isTextTarget(e.target)) return;
      const cmd = commandFor(e);
      if (!cmd) return;
      const a = store.getState().actions;
      if (cmd === 'copy') return void commands.copyText();
      if (cmd === 'cut') return void commands.cut();
      if (cmd === 'paste') {
        // The paste event brings the system clipboard; without one, the last copy in any tab.
        pendingPaste = setTimeout(() => commands.paste(null), 0);
        return;
      }
      e.preventDefault();
      if (cmd === 'undo') a.undo();
      else if (cmd === 'redo') a.redo();
      else if (cmd === 'duplicate') commands.duplicate();
      else if (cmd === 'delete') commands.delete();
      else if (cmd === 'selectAll') commands.selectAll();
      else if (cmd === 'layout') onLayout();
      else if (cmd === 'fit') onFit();
    };
    const onCopy = (e: ClipboardEvent) => {
      if (isTextTarget(e.target)) return;
      const text = commands.copyText();
      if (text && e.clipboardData) {
        e.clipboardData.setData('text/plain', text);
        e.preventDefault();
      }
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isTextTarget(e.target)) return;
      clearTimeout(pendingPaste);
      commands.paste(e.clipboardData?.getData('text/plain') ?? null);
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [store, commands, onLayout, onFit]);
}
