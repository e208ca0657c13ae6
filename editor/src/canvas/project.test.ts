import { describe, expect, it } from 'vitest';
import type { Flow } from '@sluice/schemas';
import { connect, moveNodes } from '../graph/ops.js';
import { createProjector, type ProjectInput } from './project.js';

const flow: Flow = {
  schemaVersion: 1, id: 'p', name: 'P',
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 }, config: { fields: [] } },
    { id: 'done', kind: 'outcome', position: { x: 0, y: 200 }, config: { stage: 'SQL' } },
    { id: 'other', kind: 'outcome', position: { x: 300, y: 200 }, config: { stage: 'Nurture' } },
  ],
  edges: [{ id: 'start.next->done', source: 'start', sourcePort: 'next', target: 'done' }],
} as Flow;

const input = (f: Flow): ProjectInput => ({
  flow: f, selectedNodes: new Set(), selectedEdges: new Set(), issuesByNode: new Map(), runs: null, litEdges: new Set(), partings: null, sizes: new Map(), sim: null,
});

describe('createProjector', () => {
  it('keeps the edges array and the unmoved nodes when a node moves', () => {
    const project = createProjector();
    const base = input(flow);
    const a = project(base);
    const b = project({ ...base, flow: moveNodes(flow, new Map([['done', { x: 40, y: 240 }]])) });
    expect(b.edges).toBe(a.edges);
    expect(b.nodes[0]).toBe(a.nodes[0]);
    expect(b.nodes[1]).not.toBe(a.nodes[1]);
    expect(b.nodes[1]!.position).toEqual({ x: 40, y: 240 });
  });
  it('gives a new edges array when the edges or their selection change', () => {
    const project = createProjector();
    const base = input(flow);
    const a = project(base);
    const moreEdges = connect(flow, { source: 'start', sourcePort: 'next', target: 'other' });
    const b = project({ ...base, flow: moreEdges });
    expect(b.edges).not.toBe(a.edges);
    const c = project({ ...base, flow: moreEdges, selectedEdges: new Set([moreEdges.edges[0]!.id]) });
    expect(c.edges).not.toBe(b.edges);
    expect(c.edges[0]!.selected).toBe(true);
  });
});
