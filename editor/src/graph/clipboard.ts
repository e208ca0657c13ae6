// Copy/paste as plain JSON text, so the same clip works through the system clipboard,
// between tabs (localStorage) and in tests.
import type { Flow, FlowEdge, FlowNode } from '@sluice/schemas';
import { edgeId, freshNodeId } from './ops.js';

export const CLIP_FORMAT = 'sluice/clip';

/** Nodes with the edges between them. */
export interface Clip {
  format: typeof CLIP_FORMAT;
  version: 1;
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** The selected nodes and the edges that run between two of them. */
export function copyNodes(flow: Flow, ids: Iterable<string>): Clip {
  const set = new Set(ids);
  return {
    format: CLIP_FORMAT,
    version: 1,
    nodes: flow.nodes.filter((n) => set.has(n.id)),
    edges: flow.edges.filter((e) => set.has(e.source) && set.has(e.target)),
  };
}

export function serializeClip(clip: Clip): string {
  return JSON.stringify(clip);
}

/** The clip in a text, or null when the text is something else (pasted prose, a URL...). */
export function parseClip(text: string | null | undefined): Clip | null {
  if (!text || !text.includes(CLIP_FORMAT)) return null;
  try {
    const v = JSON.parse(text) as Partial<Clip>;
    if (v.format !== CLIP_FORMAT || !Array.isArray(v.nodes) || !Array.isArray(v.edges)) return null;
    const ok = v.nodes.every((n) => typeof n === 'object' && n !== null && typeof n.id === 'string' && typeof n.kind === 'string');
    return ok ? (v as Clip) : null;
  } catch {
    return null;
  }
}

/**
 * Adds a clip's nodes to a flow under fresh ids, moved by `offset`. A start node is
 * skipped when the flow already has one (a flow has exactly one).
 *
 * @example
 * const { flow: next, ids } = pasteClip(flow, clip, { x: 40, y: 40 });
 */
export function pasteClip(flow: Flow, clip: Clip, offset: { x: number; y: number }): { flow: Flow; ids: string[] } {
  const hasStart = flow.nodes.some((n) => n.kind === 'start');
  const rename = new Map<string, string>();
  const taken = new Set<string>();
  const nodes: FlowNode[] = [];
  for (const n of clip.nodes) {
    if (n.kind === 'start' && hasStart) continue;
    const id = freshNodeId(flow, n.kind, taken);
    taken.add(id);
    rename.set(n.id, id);
    const p = n.position ?? { x: 0, y: 0 };
    nodes.push({ ...structuredClone(n), id, position: { x: p.x + offset.x, y: p.y + offset.y } } as FlowNode);
  }
  const edges: FlowEdge[] = [];
  for (const e of clip.edges) {
    const source = rename.get(e.source);
    const target = rename.get(e.target);
    if (source && target) edges.push({ id: edgeId(source, e.sourcePort, target), source, sourcePort: e.sourcePort, target });
  }
  return { flow: { ...flow, nodes: [...flow.nodes, ...nodes], edges: [...flow.edges, ...edges] }, ids: nodes.map((n) => n.id) };
}
