// A comparison drawn on the canvas: the shown nodes and edges that differ get a class (and a
// word, for those who do not see the colour), the other side's missing ones come as ghosts
// that cannot be selected, moved or wired. Without a comparison the arrays pass through
// untouched, so drawing stays as fast as it is.
import type { Edge } from '@xyflow/react';
import type { XyNode } from '../canvas/project.js';
import type { DiffMarks, DiffStatus } from './marks.js';

const WORD: Record<DiffStatus, string> = { added: 'added', removed: 'removed', changed: 'changed' };
// data-diff carries the word shown on the node (CSS attr()); xyflow passes these to its div.
const attrs = (word: string, title?: string) => ({ 'data-diff': word, ...(title ? { title } : {}) }) as XyNode['domAttributes'];
const ghosts = new WeakMap<DiffMarks, { nodes: XyNode[]; edges: Edge[] }>();

function ghostsOf(m: DiffMarks): { nodes: XyNode[]; edges: Edge[] } {
  let g = ghosts.get(m);
  if (!g) {
    g = {
      nodes: m.ghostNodes.map((n) => {
        const status = m.nodes.get(n.id) ?? 'removed';
        return {
          id: n.id, type: 'sluice', position: n.position ?? { x: 0, y: 0 }, className: `diff-${status} diff-ghost`,
          draggable: false, selectable: false, connectable: false, deletable: false, focusable: false,
          domAttributes: attrs(WORD[status], `${WORD[status]} — not in the version shown`),
          data: { node: n, issues: [], run: undefined, dimmed: false, parts: undefined, sim: undefined },
        } satisfies XyNode;
      }),
      edges: m.ghostEdges.map((e) => ({
        id: e.id, source: e.source, target: e.target, sourceHandle: e.sourcePort, targetHandle: 'in',
        className: `diff-${m.edges.get(e.id) ?? 'removed'} diff-ghost`, selectable: false, focusable: false, deletable: false,
        label: e.sourcePort === 'next' ? undefined : e.sourcePort,
      })),
    };
    ghosts.set(m, g);
  }
  return g;
}

/**
 * The canvas's nodes and edges with a comparison's marks.
 *
 * @example
 * const shown = decorate(nodes, edges, marks); // marks null: the same arrays
 */
export function decorate(nodes: XyNode[], edges: Edge[], marks: DiffMarks | null): { nodes: XyNode[]; edges: Edge[] } {
  if (!marks) return { nodes, edges };
  const g = ghostsOf(marks);
  const marked = nodes.map((n) => {
    const status = marks.nodes.get(n.id);
    return status ? { ...n, className: `diff-${status}`, domAttributes: attrs(WORD[status]) } : n;
  });
  const markedEdges = edges.map((e) => {
    const status = marks.edges.get(e.id);
    return status ? { ...e, className: `${e.className ?? ''} diff-${status}`.trim() } : e;
  });
  // Ghosts first: drawn under the shown nodes where they overlap.
  return { nodes: [...g.nodes, ...marked], edges: [...g.edges, ...markedEdges] };
}
