// Adding a node from the palette (dropped, clicked or chosen with the keyboard) where it
// overlaps nothing: at the drop point, or in the middle of what is in view.
import type { NodeKind } from '@sluice/schemas';
import { makeNode } from '../graph/ops.js';
import { specOf } from '../nodes/registry.js';
import type { EditorStore } from '../store/editor-store.js';
import { DEFAULT_NODE_SIZE, freeSpot, nodeRects } from './placement.js';

export type Sizes = ReadonlyMap<string, { width: number; height: number }>;

/** The sizes xyflow measured for the nodes it rendered; the others fall back to the default. */
export function measuredSizes(nodes: readonly { id: string; measured?: { width?: number; height?: number } }[]): Sizes {
  const out = new Map<string, { width: number; height: number }>();
  for (const n of nodes) if (n.measured?.width && n.measured.height) out.set(n.id, { width: n.measured.width, height: n.measured.height });
  return out;
}

/**
 * Adds a node of `kind` with its top-left corner at the free spot nearest to `want` (flow
 * coordinates), selects it and returns its id and position.
 *
 * @example
 * addNodeAt(store, 'gate', { x: 300, y: 200 }, measuredSizes(rf.getNodes()))
 */
export function addNodeAt(store: EditorStore, kind: NodeKind, want: { x: number; y: number }, sizes: Sizes): { id: string; x: number; y: number } {
  const { actions, history } = store.getState();
  const f = history.present;
  const spot = freeSpot(nodeRects(f.nodes, sizes), want, DEFAULT_NODE_SIZE);
  const node = makeNode(f, kind, specOf(kind).defaultConfig(), spot);
  actions.change((x) => ({ ...x, nodes: [...x.nodes, node] }));
  actions.select({ nodes: [node.id], edges: [] });
  return { id: node.id, ...(node.position ?? spot) };
}

/** Where a node goes so that it sits in the middle of the view: its top-left corner, in flow coordinates. */
export function middleOfView(view: { width: number; height: number; transform: readonly [number, number, number] }): { x: number; y: number } {
  const [tx, ty, zoom] = view.transform;
  return { x: Math.round((view.width / 2 - tx) / zoom - DEFAULT_NODE_SIZE.width / 2), y: Math.round((view.height / 2 - ty) / zoom - DEFAULT_NODE_SIZE.height / 2) };
}
