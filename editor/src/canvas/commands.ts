// Editing commands on the store: copy/paste (system clipboard and localStorage, so they work
// between tabs), duplicate, delete, select all, auto-layout. Pasted and duplicated nodes land
// where they cover no other node (placement.ts).
import type { Flow } from '@sluice/schemas';
import { copyNodes, parseClip, pasteClip, serializeClip, type Clip } from '../graph/clipboard.js';
import { layout } from '../graph/layout.js';
import { moveNodes, removeElements } from '../graph/ops.js';
import { portsOf } from '../nodes/registry.js';
import type { EditorStore } from '../store/editor-store.js';
import type { Sizes } from './add-node.js';
import { bounds, groupOffset, nodeRects, type Rect } from './placement.js';

export const CLIP_STORAGE = 'sluice.clipboard';

export interface CanvasView {
  /** The node sizes xyflow measured, for placing pastes clear of other nodes. */
  sizes: () => Sizes;
  /** Brings a box of the flow into view (a paste may land off screen). */
  reveal: (box: Rect) => void;
}

const NO_VIEW: CanvasView = { sizes: () => new Map(), reveal: () => {} };

export function createCommands(store: EditorStore, storage: Storage, view: CanvasView = NO_VIEW) {
  const flow = (): Flow => store.getState().history.present;
  const actions = () => store.getState().actions;
  let pasteCount = 0;

  const copyText = (): string | null => {
    const ids = store.getState().selection.nodes;
    if (ids.length === 0) return null;
    const text = serializeClip(copyNodes(flow(), ids));
    try {
      storage.setItem(CLIP_STORAGE, text);
    } catch {
      /* the system clipboard still has it */
    }
    pasteCount = 0;
    return text;
  };

  const pasteClipboard = (clip: Clip | null) => {
    if (!clip || clip.nodes.length === 0) return;
    pasteCount += 1;
    let ids: string[] = [];
    actions().change((f) => {
      // Stepped down and right from the original, then on to the nearest spot where the
      // group, kept together, covers nothing.
      const measured = view.sizes();
      const step = { x: 40 * pasteCount, y: 40 * pasteCount };
      const r = pasteClip(f, clip, groupOffset(nodeRects(f.nodes, measured), nodeRects(clip.nodes, measured), step));
      ids = r.ids;
      return r.flow;
    });
    actions().select({ nodes: ids, edges: [] });
    const placed = new Set(ids);
    view.reveal(bounds(nodeRects(flow().nodes.filter((n) => placed.has(n.id)), view.sizes())));
  };

  return {
    copyText,
    /** Pastes a clip from text (the paste event), falling back to the last copy in any tab. */
    paste(text?: string | null) {
      pasteClipboard(parseClip(text) ?? parseClip(storage.getItem(CLIP_STORAGE)));
    },
    cut() {
      const t = copyText();
      if (t) this.delete();
      return t;
    },
    duplicate() {
      const ids = store.getState().selection.nodes;
      if (ids.length === 0) return;
      pasteCount = 0;
      pasteClipboard(copyNodes(flow(), ids));
    },
    delete() {
      const { nodes, edges } = store.getState().selection;
      if (nodes.length === 0 && edges.length === 0) return;
      // The start node stays: a flow has exactly one.
      const keep = new Set(flow().nodes.filter((n) => n.kind === 'start').map((n) => n.id));
      actions().change((f) => removeElements(f, nodes.filter((id) => !keep.has(id)), edges));
      actions().select({ nodes: [], edges: [] });
    },
    selectAll() {
      actions().select({ nodes: flow().nodes.map((n) => n.id), edges: [] });
    },
    layout(sizes?: ReadonlyMap<string, { width: number; height: number }>) {
      const f = flow();
      const byId = new Map(f.nodes.map((n) => [n.id, n]));
      const opts = sizes ? { sizes, portOrder: (id: string) => { const n = byId.get(id); return n ? portsOf(n) : []; } } : {};
      actions().change((x) => moveNodes(x, layout(x, opts)));
    },
  };
}

export type Commands = ReturnType<typeof createCommands>;
