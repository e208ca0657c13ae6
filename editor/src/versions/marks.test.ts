import { readFileSync } from 'node:fs';
import type { Flow, FlowNode } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { diffMarks, describeChange } from './marks.js';

const v1 = JSON.parse(readFileSync(new URL('../../../examples/bant-handoff.flow.json', import.meta.url), 'utf8')) as Flow;

/** v2: BANT needs 4 of 4, nurture is gone, a reject outcome takes its place. */
function v2of(f: Flow): Flow {
  const nodes = f.nodes
    .filter((n) => n.id !== 'nurture')
    .map((n) => (n.kind === 'checklist' ? ({ ...n, config: { ...n.config, min: 4 } } as FlowNode) : n));
  const reject = { id: 'reject', kind: 'outcome', label: 'Reject', position: { x: 175, y: 500 }, config: { stage: 'Rejected' } } as FlowNode;
  return {
    ...f,
    nodes: [...nodes, reject],
    edges: [...f.edges.filter((e) => e.target !== 'nurture'), { id: 'bant.fail->reject', source: 'bant', sourcePort: 'fail', target: 'reject' }],
  };
}
const v2 = v2of(v1);

describe('comparison marks', () => {
  it('mark added, removed and changed nodes from the older side to the newer, with the newer shown', () => {
    const m = diffMarks(v2, v1, true);
    expect(Object.fromEntries(m.nodes)).toEqual({ reject: 'added', nurture: 'removed', bant: 'changed' });
    expect(m.ghostNodes.map((n) => n.id)).toEqual(['nurture']);
    expect(m.ghostEdges.map((e) => e.id)).toEqual(['ghost:bant-fail-nurture']);
    expect(Object.fromEntries(m.edges)).toEqual({ 'bant.fail->reject': 'added', 'ghost:bant-fail-nurture': 'removed' });
  });

  it('say the same with the older side shown: what the newer adds is the ghost', () => {
    const m = diffMarks(v1, v2, false);
    expect(Object.fromEntries(m.nodes)).toEqual({ reject: 'added', nurture: 'removed', bant: 'changed' });
    expect(m.ghostNodes.map((n) => n.id)).toEqual(['reject']);
    expect(Object.fromEntries(m.edges)).toEqual({ 'bant-fail-nurture': 'removed', 'ghost:bant.fail->reject': 'added' });
  });

  it('match edges by what they join, whatever their ids', () => {
    const renamed = { ...v1, edges: v1.edges.map((e) => ({ ...e, id: `${e.source}.${e.sourcePort}->${e.target}` })) };
    const m = diffMarks(renamed, v1, true);
    expect(m.edges.size).toBe(0);
    expect(m.diff.same).toBe(true);
  });

  it('ignore where nodes stand', () => {
    const moved = { ...v1, nodes: v1.nodes.map((n) => ({ ...n, position: { x: 999, y: 999 } })) };
    expect(diffMarks(moved, v1, true).nodes.size).toBe(0);
  });

  it('list what changed inside a node in plain words', () => {
    const m = diffMarks(v2, v1, true);
    expect(m.changes.get('bant')?.map(describeChange)).toEqual(['setting min: 3 → 4', 'port “fail”: → nurture became → reject']);
    const items = (v1.nodes.find((n) => n.id === 'bant')!.config as { items: { id: string; label?: string }[] }).items;
    const relabelled = { ...v1, nodes: v1.nodes.map((n) => (n.id === 'bant' ? ({ ...n, config: { ...n.config, items: items.slice(1) } } as FlowNode) : n)) };
    const words = diffMarks(relabelled, v1, true).changes.get('bant')!.map(describeChange);
    expect(words).toEqual([`item “${items[0]!.label ?? items[0]!.id}” removed`]);
  });
});
