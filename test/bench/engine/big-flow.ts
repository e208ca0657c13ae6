// A generated flow of any size for the compile benchmark: start, then a chain that cycles
// through gate, score, table, checklist and set nodes, then one outcome. Every condition
// reads a declared field, so the flow compiles.
import type { Field, Flow, FlowEdge, FlowNode } from '@sluice/schemas';

const FIELDS: Field[] = [
  ...Array.from({ length: 12 }, (_, i): Field => ({ key: `lead.n${i}`, type: 'number' })),
  ...Array.from({ length: 8 }, (_, i): Field => ({ key: `lead.s${i}`, type: 'string' })),
  { key: 'lead.tags', type: 'list', itemType: 'string' },
  { key: 'lead.createdAt', type: 'date' },
];

const n = (i: number) => `$.n${i % 12}`;
const s = (i: number) => `$.s${i % 8}`;
const cond = (i: number) => ({
  all: [
    { fact: 'lead', path: n(i), operator: 'greaterThanInclusive', value: i % 50 },
    { any: [{ fact: 'lead', path: s(i), operator: 'in', value: ['a', 'b', `v${i}`] }, { fact: 'lead', path: '$.tags', operator: 'contains', value: `t${i % 7}` }] },
  ],
});

function middle(i: number): { node: FlowNode; ports: string[] } {
  const id = `n${i}`;
  switch (i % 5) {
    case 0:
      return { node: { id, kind: 'gate', config: { reason: `gate_${i}`, condition: cond(i) } } as FlowNode, ports: ['pass'] };
    case 1:
      return {
        node: { id, kind: 'score', config: { score: `s${i % 4}`, cap: { max: 100 }, rules: [
          { label: `r${i}a`, points: 5, when: cond(i) },
          { label: `r${i}b`, points: -3, when: { fact: 'lead', path: s(i + 1), operator: 'endsWith', value: '.edu' } },
          { label: `r${i}c`, points: 2, cap: 10, decay: { halfLifeDays: 30 }, event: { types: ['page_view', `e${i % 9}`] } },
        ] } } as FlowNode,
        ports: ['next'],
      };
    case 2:
      return {
        node: { id, kind: 'table', config: { hitPolicy: 'first', outputs: [{ name: `v${i}` }], rows: [
          { when: cond(i), values: { [`v${i}`]: 'A' } },
          { when: { fact: 'lead', path: n(i + 3), operator: 'lessThan', value: 10 }, values: { [`v${i}`]: 'B' } },
        ], default: { values: { [`v${i}`]: 'C' } } } } as FlowNode,
        ports: ['next'],
      };
    case 3:
      return {
        node: { id, kind: 'checklist', config: { min: 2, items: [
          { id: 'a', label: 'a', when: cond(i) },
          { id: 'b', label: 'b', when: { fact: 'lead', path: '$.createdAt', operator: 'withinLastDays', value: 30 } },
          { id: 'c', label: 'c', when: { fact: 'lead', path: s(i), operator: 'matches', value: '^(vp|chief)\\b', params: { flags: 'i' } } },
        ] } } as FlowNode,
        ports: ['pass', 'fail'],
      };
    default:
      return { node: { id, kind: 'set', config: { assign: [{ name: `x${i}`, expr: `lead.n${i % 12} * 2 + 1`, type: 'number' }, { name: `y${i}`, expr: `upper(lead.s${i % 8})` }] } } as FlowNode, ports: ['next'] };
  }
}

/** A valid flow of exactly `count` nodes (count ≥ 3). */
export function bigFlow(count: number, id = 'big-flow'): Flow {
  const nodes: FlowNode[] = [{ id: 'start', kind: 'start', config: { fields: FIELDS } } as FlowNode];
  const edges: FlowEdge[] = [];
  let open: [string, string][] = [['start', 'next']];
  const connect = (target: string) => {
    for (const [source, sourcePort] of open) edges.push({ id: `e${edges.length}`, source, sourcePort, target });
  };
  for (let i = 1; i <= count - 2; i++) {
    const { node, ports } = middle(i);
    nodes.push(node);
    connect(node.id);
    open = ports.map((p) => [node.id, p]);
  }
  nodes.push({ id: 'done', kind: 'outcome', config: { stage: 'MQL', tags: ['big'] } } as FlowNode);
  connect('done');
  return { schemaVersion: 1, id, name: `Generated flow of ${count} nodes`, nodes, edges };
}
