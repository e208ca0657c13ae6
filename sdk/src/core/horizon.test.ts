import { describe, expect, it } from 'vitest';
import type { FlowNode } from '@sluice/schemas';
import { evaluate } from './evaluate.js';
import { DECAY_TOLERANCE, eventHorizon, widestHorizon } from './horizon.js';
import { flowOf, mustCompile, NOW, outcomeNode } from './fixtures.test-util.js';

const DAY = 86_400_000;
const nowMs = Date.parse(NOW);

/** start → score `e` with these rules → outcome (optionally with a handoff over `events`). */
function withRules(rules: unknown[], outcome: Record<string, unknown> = {}) {
  const labelled = rules.map((r, i) => ({ label: `rule ${i}`, ...(r as object) }));
  const nodes = [{ id: 'score', kind: 'score', config: { score: 'e', rules: labelled } } as unknown as FlowNode, outcomeNode('done', 'MQL', outcome)];
  return mustCompile(flowOf(nodes, [['start', 'next', 'score'], ['score', 'next', 'done']], { scores: [{ name: 'e' }] }));
}
const gateOn = (condition: unknown) => {
  const nodes = [
    { id: 'gate', kind: 'gate', config: { condition, reason: 'r' } } as unknown as FlowNode,
    outcomeNode('done', 'MQL'),
  ];
  return mustCompile(flowOf(nodes, [['start', 'next', 'gate'], ['gate', 'pass', 'done']]));
};
const M = 1000;

describe('eventHorizon', () => {
  it('is the longest window of the event rules and event counts', () => {
    expect(eventHorizon(withRules([{ event: { types: ['a'] }, points: 5, withinDays: 14 }, { event: {}, points: 1, decay: { windowDays: 45 } }]), { maxEvents: M })).toEqual({ days: 45, newest: 0 });
    expect(eventHorizon(gateOn({ all: [{ fact: 'events', operator: 'count', value: { withinDays: 7, min: 2 } }] }), { maxEvents: M })).toEqual({ days: 7, newest: 0 });
    expect(eventHorizon(withRules([{ when: { all: [{ fact: 'lead', path: '$.employees', operator: 'greaterThan', value: 5 }] }, points: 5 }]), { maxEvents: M })).toEqual({ days: 0, newest: 0 });
  });

  it('gives a half-life the age where every event a lead can have adds less than the tolerance', () => {
    const h = eventHorizon(withRules([{ event: {}, points: 40, decay: { halfLifeDays: 30 } }]), { maxEvents: M });
    expect(h.days).toBeCloseTo(30 * Math.log2((40 * M) / DECAY_TOLERANCE), 6);
    // A window shorter than that wins.
    expect(eventHorizon(withRules([{ event: {}, points: 40, withinDays: 60, decay: { halfLifeDays: 30 } }]), { maxEvents: M }).days).toBe(60);
  });

  it('is unbounded when events are read in a way it cannot bound', () => {
    const unbounded = [
      gateOn({ all: [{ fact: 'events', operator: 'count', value: { min: 2 } }] }),
      gateOn({ all: [{ fact: 'events', operator: 'count', value: { withinDays: 7, dateField: 'props.when', min: 2 } }] }),
      gateOn({ all: [{ fact: 'events', operator: 'some', value: { fact: 'type', operator: 'equal', value: 'demo' } }] }),
      withRules([{ event: { types: ['a'] }, points: 5 }]),
      withRules([{ aggregate: { path: 'events', fn: 'count' }, points: 1 }]),
    ];
    for (const rs of unbounded) expect(eventHorizon(rs, { maxEvents: M }).days).toBeNull();
  });

  it('asks for the newest touchpoints when a handoff carries `events`', () => {
    const rs = withRules([], { handoff: { context: [{ name: 'recent', from: 'events' }] } });
    expect(eventHorizon(rs, { maxEvents: M }).newest).toBe(10);
  });

  it('combines rule sets by their widest horizon', () => {
    expect(widestHorizon([{ days: 3, newest: 0 }, { days: 9, newest: 10 }])).toEqual({ days: 9, newest: 10 });
    expect(widestHorizon([{ days: 3, newest: 0 }, { days: null, newest: 0 }])).toEqual({ days: null, newest: 0 });
  });

  it('the events beyond a half-life horizon do not change the result, even maxEvents of them', () => {
    const rs = withRules([{ event: {}, points: 40, decay: { halfLifeDays: 3 } }, { event: {}, points: 3, withinDays: 10 }], { handoff: { context: [{ name: 'recent', from: 'events' }] } });
    const h = eventHorizon(rs, { maxEvents: 200 });
    const days = h.days ?? 0;
    const recent = [1, 2, 5, 9].map((d, i) => ({ id: `r${i}`, type: 'x', at: new Date(nowMs - d * DAY - 1234).toISOString() }));
    const beyond = Array.from({ length: 196 }, (_, i) => ({ id: `o${i}`, type: 'x', at: nowMs - (days + 1 + i / 100) * DAY }));
    const events = [...beyond, ...recent];
    // What a store reads for this horizon: events since it, plus the newest `newest` (touchpoints).
    const at = (e: { at: string | number }) => (typeof e.at === 'number' ? e.at : Date.parse(e.at));
    const since = events.filter((e) => at(e) >= nowMs - (days + 1) * DAY);
    const newest = [...events].sort((a, b) => at(b) - at(a)).slice(0, h.newest);
    const read = events.filter((e) => since.includes(e) || newest.includes(e));
    expect(read.length).toBeLessThan(20);
    expect(evaluate(rs, { lead: {}, events: read }, { now: NOW })).toEqual(evaluate(rs, { lead: {}, events }, { now: NOW }));
  });
});
