import { describe, expect, it } from 'vitest';
import type { Flow, RuleSet } from '@sluice/schemas';
import { compile, iterateLeads, simulate } from '@sluice/sdk';
import waterfall from '../../../examples/waterfall-6-layer.flow.json';

import { funnel, gradeMatrix, heat, stageRows } from './charts.js';
import { edgeWidth, percent, simulationView } from './overlay.js';
import { pickedLeads } from './picks.js';
import { GENERATED_NOW } from './datasets.js';

const compiled = compile(waterfall);
if (!compiled.ok) throw new Error('waterfall does not compile');
const ruleSet: RuleSet = compiled.ruleSet;
const flow = waterfall as Flow;
const report = simulate(ruleSet, iterateLeads({ count: 400, seed: 3 }), { now: GENERATED_NOW, sample: 4 });

describe('canvas counts', () => {
  it('puts every report edge on the drawn edge with the same source and port, and every node count on its node', () => {
    const v = simulationView(flow, report);
    for (const e of flow.edges) expect(v.edges.get(e.id)).toBe(report.edges[`${e.source}.${e.sourcePort}`] ?? 0);
    expect(v.nodes.get('signal')).toEqual({ entered: 400, ended: 0 });
    // The ICP gate's reject port is open: the leads it rejects end there.
    expect(v.nodes.get('icp')?.ended).toBe(report.edges['icp.reject']);
    expect(v.leads).toBe(400);
  });
  it('widens an edge with its share and formats shares', () => {
    expect(edgeWidth(0)).toBe(1.5);
    expect(edgeWidth(1)).toBe(12);
    expect(edgeWidth(2)).toBe(12);
    expect(percent(1, 3)).toBe('33%');
    expect(percent(1, 300)).toBe('0.3%');
    expect(percent(0, 0)).toBe('—');
  });
});

describe('charts', () => {
  it('lists gates and checklists in evaluation order; entered = passed + rejected', () => {
    const steps = funnel(ruleSet, report);
    expect(steps.map((s) => s.nodeId)).toEqual(['icp', 'intent', 'signals', 'bant']);
    for (const s of steps) expect(s.passed + s.rejected).toBe(s.entered);
    expect(steps[0]).toMatchObject({ entered: 400, reason: 'not_icp_fit', rejectPort: 'reject' });
    expect(steps[3]).toMatchObject({ kind: 'checklist', rejectPort: 'fail' });
    expect(steps[3]?.failedItems.length).toBeGreaterThan(0);
  });
  it('orders stages as the rule set does, the reject stage last, and sums to all leads', () => {
    const rows = stageRows(ruleSet, report);
    expect(rows.at(-1)?.stage).toBe('Rejected');
    expect(rows.reduce((a, r) => a + r.count, 0)).toBe(400);
  });
  it('splits letter-number grades into a matrix and keeps other grades aside', () => {
    const m = gradeMatrix({ B2: 5, A1: 3, A10: 1, hot: 2 });
    expect(m.rows).toEqual(['A', 'B']);
    expect(m.cols).toEqual(['1', '2', '10']);
    expect(m.cells).toEqual([[3, 0, 1], [0, 5, 0]]);
    expect(m.other).toEqual([{ grade: 'hot', count: 2 }]);
    expect(m.max).toBe(5);
    expect(heat(0, 5)).not.toBe(heat(5, 5));
  });
});

describe('the leads behind a count', () => {
  it('lists the sampled leads of an edge, a node, a port and a stage', () => {
    const e = pickedLeads({ kind: 'edge', id: 'icp-pass-intent' }, flow, ruleSet, report);
    expect(e?.total).toBe(report.edges['icp.pass']);
    expect(e?.indices).toEqual(report.samples?.edges['icp.pass']);
    expect(e?.title).toMatch(/^ICP fit → pass → Intent verification: [\d,]+ leads$/);
    expect(pickedLeads({ kind: 'node', id: 'intent' }, flow, ruleSet, report)?.indices).toEqual(report.samples?.nodes.intent);
    expect(pickedLeads({ kind: 'port', node: 'icp', port: 'reject' }, flow, ruleSet, report)?.total).toBe(report.edges['icp.reject']);
    const rejected = pickedLeads({ kind: 'stage', stage: 'Rejected' }, flow, ruleSet, report);
    expect(rejected?.total).toBe(report.stages.Rejected);
    expect(rejected?.indices.length).toBeGreaterThan(4);
    expect(pickedLeads({ kind: 'edge', id: 'nope' }, flow, ruleSet, report)).toBeNull();
    expect(pickedLeads({ kind: 'node', id: 'constructor' }, flow, ruleSet, report)).toBeNull();
  });
});
