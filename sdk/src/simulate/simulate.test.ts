import type { EvaluationResult, RuleSet } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../core/evaluate.js';
import { flowOf, mustCompile, NOW, outcomeNode } from '../core/fixtures.test-util.js';
import { expectInvariants, sum } from './invariants.test-util.js';
import { MAX_ERROR_EXAMPLES as MAX_EXAMPLES } from './simulate.js';
import { countedResult, createPartCounter, createSimulation, evaluateInput, simulate } from './simulate.js';

// start → icp gate (employees ≥ 50; reject unconnected) → fit score → tier table (first; fit ≥ 30 → hot,
// fit ≥ 10 → warm, else cold, where warm and cold both go to nurture: two ports, one target)
// → bant checklist (2 of 3) → sql | nurture.
const ruleSet = mustCompile(
  flowOf(
    [
      { id: 'icp', kind: 'gate', config: { reason: 'icp_size', condition: { fact: 'lead', path: '$.employees', operator: 'greaterThanInclusive', value: 50 } } },
      {
        id: 'fit',
        kind: 'score',
        config: {
          score: 'fit',
          rules: [
            { label: 'VP', when: { fact: 'lead', path: '$.seniority', operator: 'equal', value: 'vp' }, points: 30 },
            { label: 'Manager', when: { fact: 'lead', path: '$.seniority', operator: 'equal', value: 'manager' }, points: 12 },
            { label: 'Big', when: { fact: 'lead', path: '$.employees', operator: 'greaterThan', value: 1000 }, points: 7 },
          ],
        },
      },
      {
        id: 'tier',
        kind: 'table',
        config: {
          hitPolicy: 'first',
          outputs: [{ name: 'grade' }],
          ports: ['hot', 'warm', 'cold'],
          rows: [
            { when: { fact: 'scores', path: '$.fit', operator: 'greaterThanInclusive', value: 30 }, values: { grade: 'A' }, port: 'hot' },
            { when: { fact: 'scores', path: '$.fit', operator: 'greaterThanInclusive', value: 10 }, values: { grade: 'B' }, port: 'warm' },
          ],
          default: { values: { grade: 'C' }, port: 'cold' },
        },
      },
      {
        id: 'bant',
        kind: 'checklist',
        config: {
          min: 2,
          items: [
            { id: 'budget', label: 'Budget', when: { fact: 'lead', path: '$.budget', operator: 'equal', value: true } },
            { id: 'authority', label: 'Authority', when: { fact: 'lead', path: '$.authority', operator: 'equal', value: true } },
            { id: 'need', label: 'Need', when: { fact: 'lead', path: '$.need', operator: 'equal', value: true } },
          ],
        },
      },
      outcomeNode('sql', 'SQL'),
      outcomeNode('nurture', 'Nurture'),
    ],
    [
      ['start', 'next', 'icp'],
      ['icp', 'pass', 'fit'],
      ['fit', 'next', 'tier'],
      ['tier', 'hot', 'bant'],
      ['tier', 'warm', 'nurture'],
      ['tier', 'cold', 'nurture'],
      ['bant', 'pass', 'sql'],
      ['bant', 'fail', 'nurture'],
    ],
    { scores: [{ name: 'fit' }] },
  ),
);

/** Deterministic varied leads (a small LCG: the test must not depend on Math.random). */
function leads(n: number): { lead: Record<string, unknown> }[] {
  let x = 12345;
  const r = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => ({
    lead: { id: `L${i}`, employees: pick([10, 49, 50, 200, 5000]), seniority: pick(['vp', 'manager', 'ic']), budget: r() < 0.6, authority: r() < 0.5, need: r() < 0.7 },
  }));
}

/** The oracle: counts edges and nodes from full traces, lead by lead. */
function fromTraces(rs: RuleSet, inputs: { lead: Record<string, unknown> }[]) {
  const edges: Record<string, number> = {};
  const stages: Record<string, number> = {};
  for (const input of inputs) {
    const r: EvaluationResult = evaluate(rs, input, { now: NOW, trace: true });
    for (const step of r.trace!) if (step.port) edges[`${step.nodeId}.${step.port}`] = (edges[`${step.nodeId}.${step.port}`] ?? 0) + 1;
    stages[r.outcome.stage] = (stages[r.outcome.stage] ?? 0) + 1;
  }
  return { edges, stages };
}

describe('simulate', () => {
  const inputs = leads(500);
  const r = simulate(ruleSet, inputs, { now: NOW });

  it('counts every edge as the traces do, including two ports into one node and an unconnected reject', () => {
    const oracle = fromTraces(ruleSet, inputs);
    const taken = Object.fromEntries(Object.entries(r.edges).filter(([, n]) => n! > 0));
    expect(taken).toEqual(oracle.edges);
    expect(r.edges['icp.reject']).toBeGreaterThan(0);
    expect(r.edges['tier.warm']).toBeGreaterThan(0);
    expect(r.edges['tier.cold']).toBeGreaterThan(0);
    expect(Object.fromEntries(Object.entries(r.stages).filter(([, n]) => n! > 0))).toEqual(oracle.stages);
  });

  it('keeps its invariants: entered = incoming edges, leads = outcomes = stages', () => {
    expect(r.leads).toBe(500);
    expectInvariants(ruleSet, r);
  });

  it('lists every node, connected port, stage, outcome and gate reason even at zero', () => {
    const empty = simulate(ruleSet, [], { now: NOW });
    expect(empty.leads).toBe(0);
    expect(Object.keys(empty.nodes)).toEqual(ruleSet.nodes.map((n) => n.id));
    expect(empty.edges).toEqual({ 'start.next': 0, 'icp.pass': 0, 'fit.next': 0, 'tier.hot': 0, 'tier.warm': 0, 'tier.cold': 0, 'bant.pass': 0, 'bant.fail': 0 });
    expect(empty.outcomes).toEqual({ sql: 0, nurture: 0 });
    expect(empty.rejects).toEqual({ icp_size: 0 });
    expect(empty.stages).toMatchObject({ SQL: 0, Nurture: 0, Rejected: 0 });
    expect(empty.scores.fit).toMatchObject({ count: 0, min: null, p50: null, bins: [], thresholds: [10, 30] });
    expectInvariants(ruleSet, empty);
  });

  it('counts a gate that ends the flow as the outcome node, with its reason', () => {
    const small = simulate(ruleSet, [{ lead: { employees: 3 } }, { lead: { employees: 60, seniority: 'ic' } }], { now: NOW });
    expect(small.outcomes).toEqual({ sql: 0, nurture: 1, icp: 1 });
    expect(small.rejects).toEqual({ icp_size: 1 });
    expect(small.stages.Rejected).toBe(1);
  });

  it('counts checklist items for the leads that reached the checklist', () => {
    const reached = r.nodes.bant!.entered;
    for (const item of ['budget', 'authority', 'need']) {
      const c = r.checklists.bant![item]!;
      expect(c.passed + c.failed).toBe(reached);
    }
    const one = simulate(ruleSet, [{ lead: { employees: 60, seniority: 'vp', budget: true, need: false } }], { now: NOW });
    expect(one.checklists.bant).toEqual({ budget: { passed: 1, failed: 0 }, authority: { passed: 0, failed: 1 }, need: { passed: 0, failed: 1 } });
  });

  it('histograms a score over the leads that were scored, with the thresholds the flow compares it to', () => {
    const fit = r.scores.fit!;
    expect(fit.count).toBe(r.nodes.fit!.entered);
    expect(fit.thresholds).toEqual([10, 30]);
    expect(sum(Object.fromEntries(fit.bins.map((b, i) => [i, b.count])))).toBe(fit.count);
    expect(fit.min).toBe(0);
    expect(fit.max).toBe(37);
    const one = simulate(ruleSet, [{ lead: { employees: 5000, seniority: 'vp' } }], { now: NOW });
    expect(one.scores.fit).toMatchObject({ count: 1, min: 37, max: 37, mean: 37, p50: 37, p90: 37 });
  });

  it('counts grades where the flow sets one, and gives null where it does not', () => {
    expect(sum(r.grades!)).toBe(r.nodes.tier!.entered);
    expect(Object.keys(r.grades!).sort()).toEqual(['A', 'B', 'C']);
    const noGrade = mustCompile(flowOf([outcomeNode('done', 'Lead')], [['start', 'next', 'done']]));
    expect(simulate(noGrade, [{ lead: {} }], { now: NOW }).grades).toBeNull();
  });

  it('counts inputs that are not objects as errors, with their index, and never throws', () => {
    const sim = createSimulation(ruleSet, { now: NOW });
    for (const bad of [null, 5, 'x', [1], { lead: { employees: 60 }, now: 'yesterday' }]) sim.add(bad);
    sim.add({ lead: { employees: 60 } });
    const out = sim.report();
    expect(out.leads).toBe(1);
    expect(out.errors.count).toBe(5);
    expect(out.errors.examples.map((e) => e.index)).toEqual([0, 1, 2, 3, 4]);
    expect(out.errors.examples[0]!.message).toBe('not an object (null)');
    expect(out.errors.examples[3]!.message).toBe('not an object (an array)');
    expect(out.errors.examples[4]!.message).toMatch(/now/);
    expectInvariants(ruleSet, out);
  });

  it('evaluates each input at its own now when it carries one', () => {
    const dated = mustCompile(
      flowOf(
        [{ id: 'recent', kind: 'gate', config: { reason: 'stale', condition: { fact: 'lead', path: '$.createdAt', operator: 'withinLastDays', value: 30 } } }, outcomeNode('ok', 'MQL')],
        [
          ['start', 'next', 'recent'],
          ['recent', 'pass', 'ok'],
        ],
      ),
    );
    const lead = { createdAt: '2026-01-01T00:00:00Z' };
    expect(simulate(dated, [{ lead }], { now: NOW }).stages.MQL).toBe(0);
    expect(simulate(dated, [{ lead, now: '2026-01-10T00:00:00Z' }], { now: NOW }).stages.MQL).toBe(1);
  });

  it('keeps the indexes of the first `sample` leads per edge, outcome and node', () => {
    const s = simulate(ruleSet, inputs, { now: NOW, sample: 3 }).samples!;
    expect(s.edges['icp.reject']).toHaveLength(3);
    for (const i of s.edges['icp.reject']!) expect(evaluate(ruleSet, inputs[i]!, { now: NOW }).rejected?.reason).toBe('icp_size');
    for (const i of s.outcomes.sql!) expect(evaluate(ruleSet, inputs[i]!, { now: NOW }).outcome.nodeId).toBe('sql');
    expect(s.nodes.start).toEqual([0, 1, 2]);
    expect(r.samples).toBeUndefined();
  });

  it('reports so far at any time, and refuses a bad now or rule set up front', () => {
    const sim = createSimulation(ruleSet, { now: NOW });
    sim.add(inputs[0]);
    expect(sim.report().leads).toBe(1);
    sim.add(inputs[1]);
    expect(sim.report().leads).toBe(2);
    expect(() => createSimulation(ruleSet, { now: 'soon' })).toThrow(TypeError);
    expect(() => createSimulation({ nodes: [] } as unknown as RuleSet, { now: NOW })).toThrow(/nodes/);
  });

  it('counts results evaluated elsewhere (a worker) exactly as it counts inputs, with one numbering', () => {
    const sim = createSimulation(ruleSet, { now: NOW, sample: 5 });
    expect(sim.trace).toBe(true); // tier has two ports into nurture
    const mixed = [...inputs.slice(0, 200), 'bad', ...inputs.slice(200)];
    mixed.forEach((input, i) => {
      if (i % 2) sim.add(input, i + 1);
      else {
        // what crosses the thread boundary: a structured clone of the slim result
        const r = evaluateInput(ruleSet, input, NOW, sim.trace);
        sim.addResult(typeof r === 'string' ? r : structuredClone(countedResult(r)), i + 1);
      }
    });
    const whole = createSimulation(ruleSet, { now: NOW, sample: 5 });
    mixed.forEach((input, i) => whole.add(input, i + 1));
    expect(sim.report()).toEqual(whole.report());
    expect(sim.report().errors.examples).toEqual([{ index: 200, row: 201, message: 'not an object (string)' }]);
  });

  it('merges parts counted apart (worker threads) into the report one pass gives, key order included', () => {
    // fractional scores (a sum's rounding depends on its order), errors, rows and samples per part
    const decimal = inputs.map((x, i) => (i % 7 === 3 ? 'bad' : x));
    const mixed = [...decimal.slice(0, 250), null, ...decimal.slice(250)];
    const whole = createSimulation(ruleSet, { now: NOW, sample: 4 });
    mixed.forEach((input, i) => whole.add(input, i + 1));
    const merged = createSimulation(ruleSet, { now: NOW, sample: 4 });
    const part = createPartCounter(ruleSet, { now: NOW, sample: 4 });
    // uneven parts, one of them empty; rows count from 1 in each part, as a chunk's lines do
    let at = 0;
    for (const size of [1, 0, 37, 100, 3, 200, 10_000]) {
      const chunk = mixed.slice(at, at + size);
      chunk.forEach((input, i) => part.add(input, i + 1));
      merged.merge(structuredClone(part.take()), at);
      at += chunk.length;
    }
    const a = whole.report();
    const b = merged.report();
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.errors.count).toBeGreaterThan(MAX_EXAMPLES);
    expect(b.errors.examples[1]).toEqual({ index: 10, row: 11, message: 'not an object (string)' });
    expect(b.samples!.nodes.start).toEqual([0, 1, 2, 4]);
    expectInvariants(ruleSet, b);
  });

  it('merges score values in order, so the mean of fractional scores is the one pass gives', () => {
    const fractional = mustCompile(
      flowOf(
        [
          { id: 'fit', kind: 'score', config: { score: 'fit', rules: [{ label: 'any', when: { fact: 'lead', path: '$.employees', operator: 'greaterThan', value: -1 }, points: 0.1 }, { label: 'x', when: { fact: 'lead', path: '$.employees', operator: 'greaterThan', value: 0.5 }, points: 0.7 }] } },
          outcomeNode('done', 'Lead'),
        ],
        [
          ['start', 'next', 'fit'],
          ['fit', 'next', 'done'],
        ],
        { scores: [{ name: 'fit' }] },
      ),
    );
    const xs = Array.from({ length: 333 }, (_, i) => ({ lead: { employees: ((i * 37) % 100) / 100 } }));
    const part = createPartCounter(fractional, { now: NOW });
    const merged = createSimulation(fractional, { now: NOW });
    for (let i = 0; i < xs.length; i += 50) {
      for (const x of xs.slice(i, i + 50)) part.add(x);
      merged.merge(part.take());
    }
    expect(merged.report().scores).toEqual(simulate(fractional, xs, { now: NOW }).scores);
  });
});
