// The accumulator on every example template with generated leads: its edge and stage counts
// equal counting full traces lead by lead, and its invariants hold on real flows.
import type { RuleSet } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { compile, evaluate, iterateLeads, simulate, compare } from '../../sdk/src/index.js';
import { expectInvariants, sum } from '../../sdk/src/simulate/invariants.test-util.js';
import { loadTemplate, TEMPLATE_IDS } from '../examples/templates.js';

const NOW = '2025-06-11T14:00:00.000Z';
const leads = [...iterateLeads({ count: 1500, seed: 7 })];

function ruleSetOf(id: string): RuleSet {
  const r = compile(loadTemplate(id).flow);
  if (!r.ok) throw new Error(`${id} does not compile`);
  return r.ruleSet;
}

describe.each(TEMPLATE_IDS)('simulate %s', (id) => {
  const rs = ruleSetOf(id);
  const report = simulate(rs, leads, { now: NOW });

  it('counts what the traces show, lead by lead', () => {
    const edges: Record<string, number> = {};
    const stages: Record<string, number> = {};
    const outcomes: Record<string, number> = {};
    for (const line of leads) {
      const r = evaluate(rs, line, { now: line.now, trace: true });
      for (const s of r.trace!) if (s.port) edges[`${s.nodeId}.${s.port}`] = (edges[`${s.nodeId}.${s.port}`] ?? 0) + 1;
      stages[r.outcome.stage] = (stages[r.outcome.stage] ?? 0) + 1;
      outcomes[r.outcome.nodeId] = (outcomes[r.outcome.nodeId] ?? 0) + 1;
    }
    const nonZero = (o: Record<string, number | undefined>) => Object.fromEntries(Object.entries(o).filter(([, n]) => n !== 0));
    expect(nonZero(report.edges)).toEqual(edges);
    expect(nonZero(report.stages)).toEqual(stages);
    expect(nonZero(report.outcomes)).toEqual(outcomes);
  });

  it('keeps entered = incoming edges and leads = outcomes', () => {
    expect(report.leads).toBe(leads.length);
    expect(report.errors.count).toBe(0);
    expectInvariants(rs, report);
  });

  it('compares a rule set with itself as moving nobody', () => {
    const r = compare(rs, rs, leads.slice(0, 300), { now: NOW });
    expect(r.changed).toBe(0);
    expect(r.moved).toEqual([]);
    expect(sum(Object.fromEntries(Object.entries(r.matrix).map(([k, row]) => [k, sum(row ?? {})])))).toBe(300);
  });
});
