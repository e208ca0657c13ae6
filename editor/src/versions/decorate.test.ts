import { readFileSync } from 'node:fs';
import type { Flow, FlowNode } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { createProjector } from '../canvas/project.js';
import { decorate } from './decorate.js';
import { diffMarks } from './marks.js';

const v1 = JSON.parse(readFileSync(new URL('../../../examples/bant-handoff.flow.json', import.meta.url), 'utf8')) as Flow;
const v2: Flow = {
  ...v1,
  nodes: v1.nodes.filter((n) => n.id !== 'nurture').map((n) => (n.id === 'bant' ? ({ ...n, config: { ...n.config, min: 4 } } as FlowNode) : n)),
  edges: v1.edges.filter((e) => e.target !== 'nurture'),
};
const project = (f: Flow) =>
  createProjector()({ flow: f, selectedNodes: new Set(), selectedEdges: new Set(), issuesByNode: new Map(), runs: null, litEdges: new Set(), partings: null, sim: null, sizes: new Map() });

describe('comparison marks on the canvas', () => {
  it('leave the canvas arrays untouched without a comparison', () => {
    const { nodes, edges } = project(v1);
    const d = decorate(nodes, edges, null);
    expect(d.nodes).toBe(nodes);
    expect(d.edges).toBe(edges);
  });
  it('mark what differs and draw the other side\'s missing nodes as ghosts nobody can move or select', () => {
    const { nodes, edges } = project(v2);
    const d = decorate(nodes, edges, diffMarks(v2, v1, true));
    const byId = new Map(d.nodes.map((n) => [n.id, n]));
    expect(byId.get('bant')?.className).toBe('diff-changed');
    expect(byId.get('start')?.className).toBeUndefined();
    expect(byId.get('nurture')).toMatchObject({ className: 'diff-removed diff-ghost', draggable: false, selectable: false, connectable: false, position: { x: 175, y: 500 } });
    expect(d.edges.find((e) => e.id === 'ghost:bant-fail-nurture')).toMatchObject({ className: 'diff-removed diff-ghost', selectable: false });
    expect(d.nodes).toHaveLength(v2.nodes.length + 1);
  });
  it('reuse the ghosts of one comparison across renders', () => {
    const marks = diffMarks(v2, v1, true);
    const { nodes, edges } = project(v2);
    const a = decorate(nodes, edges, marks);
    const b = decorate(nodes, edges, marks);
    expect(b.nodes[0]).toBe(a.nodes[0]);
  });
});
