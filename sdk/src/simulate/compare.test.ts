import type { FlowNode } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../core/evaluate.js';
import { flowOf, mustCompile, NOW, outcomeNode } from '../core/fixtures.test-util.js';
import { compare, createComparison, inputId } from './compare.js';

/** start → fit score → route table (fit ≥ threshold → mql, else nurture). */
function version(threshold: number, vpPoints = 30) {
  const nodes: FlowNode[] = [
    {
      id: 'fit',
      kind: 'score',
      config: {
        score: 'fit',
        rules: [
          { label: 'VP', when: { fact: 'lead', path: '$.seniority', operator: 'equal', value: 'vp' }, points: vpPoints },
          { label: 'Big', when: { fact: 'lead', path: '$.employees', operator: 'greaterThan', value: 1000 }, points: 10 },
        ],
      },
    },
    {
      id: 'route',
      kind: 'table',
      config: { hitPolicy: 'first', outputs: [], ports: ['mql', 'nurture'], rows: [{ when: { fact: 'scores', path: '$.fit', operator: 'greaterThanInclusive', value: threshold }, port: 'mql' }], default: { port: 'nurture' } },
    },
    outcomeNode('mql', 'MQL'),
    outcomeNode('nurture', 'Nurture'),
  ];
  return mustCompile(
    flowOf(
      nodes,
      [
        ['start', 'next', 'fit'],
        ['fit', 'next', 'route'],
        ['route', 'mql', 'mql'],
        ['route', 'nurture', 'nurture'],
      ],
      { scores: [{ name: 'fit' }] },
    ),
  );
}

const inputs = [
  { id: 'a', lead: { seniority: 'vp', employees: 5000 } }, // 40 → 30 points: MQL either way at 25
  { id: 'b', lead: { seniority: 'vp', employees: 10 } }, // 30 → 20: MQL → Nurture at 25
  { lead: { email: 'c@x.io', seniority: 'ic', employees: 5000 } }, // 10: Nurture either way
  { lead: { id: 7, seniority: 'vp', employees: 10 } }, // like b
];

describe('compare', () => {
  const before = version(25);
  const after = version(25, 20);

  it('builds the stage transition matrix and counts the leads that change stage', () => {
    const r = compare(before, after, inputs, { now: NOW });
    expect(r.leads).toBe(4);
    expect(r.changed).toBe(2);
    expect(r.matrix).toEqual({ MQL: { MQL: 1, Nurture: 2 }, Nurture: { Nurture: 1 } });
    // the matrix agrees with evaluating each lead twice
    for (const input of inputs) {
      const from = evaluate(before, input, { now: NOW }).outcome.stage;
      const to = evaluate(after, input, { now: NOW }).outcome.stage;
      expect(r.matrix[from]![to]).toBeGreaterThan(0);
    }
  });

  it('names the moved leads and the rules whose points changed', () => {
    const r = compare(before, after, inputs, { now: NOW });
    expect(r.moved).toEqual([
      { index: 1, id: 'b', from: 'MQL', to: 'Nurture', fromNode: 'mql', toNode: 'nurture', rules: [{ score: 'fit', label: 'VP', before: 30, after: 20 }] },
      { index: 3, id: '7', from: 'MQL', to: 'Nurture', fromNode: 'mql', toNode: 'nurture', rules: [{ score: 'fit', label: 'VP', before: 30, after: 20 }] },
    ]);
  });

  it('names no rule when only a threshold moved the lead', () => {
    const r = compare(before, version(35), inputs, { now: NOW });
    expect(r.moved.map((m) => [m.id, m.rules])).toEqual([
      ['b', []],
      ['7', []],
    ]);
  });

  it('keeps at most `sample` moved leads per pair of stages but counts them all', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ id: `m${i}`, lead: { seniority: 'vp' } }));
    const r = compare(before, after, many, { now: NOW, sample: 3 });
    expect(r.changed).toBe(50);
    expect(r.moved.map((m) => m.id)).toEqual(['m0', 'm1', 'm2']);
    expect(compare(before, after, many, { now: NOW }).moved).toHaveLength(10);
  });

  it('counts inputs that are not objects as errors and goes on', () => {
    const cmp = createComparison(before, after, { now: NOW });
    cmp.add('nope');
    cmp.add(inputs[1]);
    const r = cmp.report();
    expect(r.errors).toEqual({ count: 1, examples: [{ index: 0, message: 'not an object (string)' }] });
    expect(r.leads).toBe(1);
    expect(r.moved[0]!.index).toBe(1);
  });

  it('finds a lead by the input id, else the lead id, else the email', () => {
    expect(inputId({ id: 'x', lead: { id: 'y' } })).toBe('x');
    expect(inputId({ lead: { id: 3 } })).toBe('3');
    expect(inputId({ lead: { email: 'e@x.io' } })).toBe('e@x.io');
    expect(inputId({ lead: {} })).toBeUndefined();
  });
});
