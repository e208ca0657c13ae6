import { describe, expect, it } from 'vitest';
import type { Flow } from '@sluice/schemas';
import { moveNodes } from '../graph/ops.js';
import { createEditorStore, selectDirty } from './editor-store.js';
import { HISTORY_LIMIT, change, createHistory, redo, undo } from './history.js';

const flow: Flow = { schemaVersion: 1, id: 't', name: 'T', nodes: [{ id: 'start', kind: 'start', position: { x: 0, y: 0 }, config: { fields: [] } }], edges: [] };
const rename = (name: string) => (f: Flow): Flow => ({ ...f, name });

describe('history', () => {
  it('undoes and redoes, and a new change clears the redo stack', () => {
    let h = createHistory(1);
    h = change(h, 2);
    h = change(h, 3);
    h = undo(h);
    expect(h.present).toBe(2);
    h = redo(h);
    expect(h.present).toBe(3);
    h = undo(undo(h));
    h = change(h, 9);
    expect(h.future).toEqual([]);
    expect(undo(h).present).toBe(1);
  });
  it('merges edits with the same key and keeps a bounded past', () => {
    let h = createHistory('');
    for (const t of ['a', 'ab', 'abc']) h = change(h, t, { mergeKey: 'name' });
    expect(h.past).toEqual(['']);
    let big = createHistory(0);
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++) big = change(big, i);
    expect(big.past).toHaveLength(HISTORY_LIMIT);
  });
});

describe('editor store', () => {
  it('squashes a drag into one undo entry', () => {
    const s = createEditorStore(flow);
    const a = s.getState().actions;
    a.beginGesture();
    for (let i = 1; i <= 30; i++) a.change((f) => moveNodes(f, new Map([['start', { x: i, y: i }]])));
    a.endGesture();
    expect(s.getState().history.past).toHaveLength(1);
    expect(s.getState().history.present.nodes[0]?.position).toEqual({ x: 30, y: 30 });
    a.undo();
    expect(s.getState().history.present.nodes[0]?.position).toEqual({ x: 0, y: 0 });
    a.redo();
    expect(s.getState().history.present.nodes[0]?.position).toEqual({ x: 30, y: 30 });
  });
  it('does not record skipped changes, and tracks unsaved changes', () => {
    const s = createEditorStore(flow, { source: 'runtime' }, flow);
    const a = s.getState().actions;
    expect(selectDirty(s.getState())).toBe(false);
    a.change(rename('Loaded'), { capture: 'skip' });
    expect(s.getState().history.past).toHaveLength(0);
    a.change(rename('Edited'));
    expect(selectDirty(s.getState())).toBe(true);
    a.markSaved(s.getState().history.present, { publishedVersion: 2 });
    expect(selectDirty(s.getState())).toBe(false);
    expect(s.getState().meta.publishedVersion).toBe(2);
  });
  it('refuses every change to a published version opened read only, selection still works', () => {
    const s = createEditorStore(flow, { source: 'runtime', readOnlyVersion: 2 }, flow);
    const a = s.getState().actions;
    a.change(rename('Edited'));
    a.change((f) => moveNodes(f, new Map([['start', { x: 50, y: 50 }]])));
    expect(s.getState().history.present).toBe(flow);
    expect(s.getState().history.past).toHaveLength(0);
    expect(selectDirty(s.getState())).toBe(false);
    a.select({ nodes: ['start'] });
    expect(s.getState().selection.nodes).toEqual(['start']);
  });
  it('keeps selection out of the history and clears it on undo', () => {
    const s = createEditorStore(flow);
    const a = s.getState().actions;
    a.change(rename('x'));
    a.select({ nodes: ['start'] });
    expect(s.getState().history.past).toHaveLength(1);
    a.undo();
    expect(s.getState().selection).toEqual({ nodes: [], edges: [] });
    expect(s.getState().history.present.name).toBe('T');
  });
});
