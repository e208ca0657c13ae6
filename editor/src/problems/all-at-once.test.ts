import type { Flow } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { setAside } from './all-at-once.js';

const flow = {
  schemaVersion: 1, id: 'f', name: 'F',
  nodes: [
    { id: 'start', kind: 'start', config: { fields: [] } },
    { id: 'fit', kind: 'score', label: 'Fit', position: { x: 1, y: 2 }, config: { score: 'fit', rules: [{ points: 'ten' }] } },
    { id: 'odd', kind: 'scroe', config: {} },
    { id: 'grade', kind: 'table', config: { ports: ['hot', 'cold'], rows: 'oops' } },
  ],
  edges: [
    { id: 'a', source: 'start', sourcePort: 'next', target: 'fit' },
    { id: 'b', source: 'fit', sourcePort: 'next', target: 'odd' },
    { id: 'c', source: 'grade', sourcePort: 'hot', target: 'fit' },
  ],
} as unknown as Flow;

describe('setAside', () => {
  it('gives refused nodes their kind\'s default config, drops unknown kinds with their edges', () => {
    const r = setAside(flow, [{ path: '/nodes/1/config/rules/0/points' }, { path: '/nodes/2/kind' }, { path: '/nodes/3/config/rows' }])!;
    expect([...r.nodes].sort()).toEqual(['fit', 'grade', 'odd']);
    expect(r.flow.nodes.map((n) => n.id)).toEqual(['start', 'fit', 'grade']);
    expect(r.flow.nodes[1]).toEqual({ id: 'fit', kind: 'score', position: { x: 1, y: 2 }, config: { score: 'fit', rules: [] } });
    // The table keeps its ports, so the edge leaving from "hot" is not a second problem.
    expect((r.flow.nodes[2]!.config as { ports: string[] }).ports).toEqual(['hot', 'cold']);
    expect(r.flow.edges.map((e) => e.id)).toEqual(['a', 'c']);
    // The flow handed in is left as it was.
    expect(flow.nodes).toHaveLength(4);
  });
  it('leaves out refused settings and edges; gives up when the document itself is the wrong shape', () => {
    const r = setAside(flow, [{ path: '/stages/0' }, { path: '/edges/0/target' }, { path: '/name' }])!;
    expect(r.flow.edges.map((e) => e.id)).toEqual(['b', 'c']);
    expect(r.flow.name).toBe('Flow');
    expect(setAside(flow, [{ path: '/schemaVersion' }])).toBeNull();
    expect(setAside(flow, [{ path: '/' }])).toBeNull();
  });
});
