import type { FlowNode } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { flowOf, mustCompile, NOW, outcomeNode } from './fixtures.test-util.js';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.parse(NOW) - days * DAY).toISOString();

/** start → node → outcome "MQL" (every port of the node to the same outcome). */
function around(node: FlowNode, ports = ['next']) {
  return mustCompile(
    flowOf(
      [node, outcomeNode('done', 'MQL')],
      [['start', 'next', node.id], ...ports.map((p): [string, string, string] => [node.id, p, 'done'])],
    ),
  );
}

describe('evaluate: gate', () => {
  const rs = mustCompile(
    flowOf(
      [
        { id: 'icp', kind: 'gate', config: { reason: 'icp_size', message: 'Under 50 employees', condition: { fact: 'lead', path: '$.employees', operator: 'greaterThanInclusive', value: 50 } } },
        outcomeNode('mql', 'MQL'),
      ],
      [
        ['start', 'next', 'icp'],
        ['icp', 'pass', 'mql'],
      ],
    ),
  );

  it('passes a lead that meets the condition', () => {
    const r = evaluate(rs, { lead: { employees: 200 } }, { now: NOW });
    expect(r.outcome.stage).toBe('MQL');
    expect(r.rejected).toBeNull();
    expect(r.path).toEqual(['start', 'icp', 'mql']);
  });

  it('rejects with the gate reason when reject is not connected, never passing the lead on', () => {
    const r = evaluate(rs, { lead: { employees: 10 } }, { now: NOW });
    expect(r.outcome).toEqual({ nodeId: 'icp', stage: 'Rejected', reason: 'icp_size', actions: { tags: [] } });
    expect(r.rejected).toEqual({ nodeId: 'icp', reason: 'icp_size', message: 'Under 50 employees' });
    expect(r.path).toEqual(['start', 'icp']);
  });

  it('routes a connected reject port and still reports the rejection', () => {
    const routed = mustCompile(
      flowOf(
        [
          { id: 'icp', kind: 'gate', config: { reason: 'icp_size', condition: { fact: 'lead', path: '$.employees', operator: 'greaterThan', value: 50 } } },
          outcomeNode('mql', 'MQL'),
          outcomeNode('nurture', 'Nurture', { nurture: { track: 'smb' } }),
        ],
        [
          ['start', 'next', 'icp'],
          ['icp', 'pass', 'mql'],
          ['icp', 'reject', 'nurture'],
        ],
      ),
    );
    const r = evaluate(routed, { lead: {} }, { now: NOW });
    expect(r.outcome.stage).toBe('Nurture');
    expect(r.outcome.actions.nurture).toEqual({ track: 'smb' });
    expect(r.rejected).toEqual({ nodeId: 'icp', reason: 'icp_size' });
  });
});

describe('evaluate: score', () => {
  it('adds attribute points, negative points included, with a trace line per rule', () => {
    const rs = around({
      id: 'fit',
      kind: 'score',
      config: {
        score: 'fit',
        rules: [
          { label: 'VP or above', when: { fact: 'lead', path: '$.seniority', operator: 'in', value: ['VP', 'C-level'] }, points: 15 },
          { label: 'free email', when: { fact: 'lead', path: '$.email', operator: 'endsWith', value: '@gmail.com' }, points: -10 },
          { label: 'big company', when: { fact: 'lead', path: '$.employees', operator: 'greaterThan', value: 1000 }, points: 20 },
        ],
      },
    });
    const r = evaluate(rs, { lead: { seniority: 'VP', email: 'x@gmail.com' } }, { now: NOW, trace: true });
    expect(r.scores).toEqual({ fit: 5 });
    const step = r.trace!.find((t) => t.nodeId === 'fit')!;
    expect(step.summary).toBe('+5 fit');
    expect(step.contributions).toEqual([
      { score: 'fit', points: 15, label: 'VP or above' },
      { score: 'fit', points: -10, label: 'free email' },
    ]);
  });

  it('decays engagement by half-life, ignores future events and rounds each rule to 2 decimals', () => {
    const rs = around({
      id: 'eng',
      kind: 'score',
      config: { score: 'engagement', rules: [{ label: 'pricing page', event: { types: ['pricing_view'] }, points: 10, decay: { halfLifeDays: 90 } }] },
    });
    const events = [
      { type: 'pricing_view', at: NOW },
      { type: 'pricing_view', at: ago(90) },
      { type: 'pricing_view', at: ago(30) },
      { type: 'pricing_view', at: ago(-1) }, // tomorrow: not yet happened
      { type: 'page_view', at: NOW },
      { type: 'pricing_view', at: 'not a date' },
    ];
    const r = evaluate(rs, { lead: {}, events }, { now: NOW, trace: true });
    // 10 + 5 + 10 × 0.5^(30/90) = 15 + 7.937005… = 22.94
    expect(r.scores.engagement).toBe(22.94);
    expect(r.trace!.find((t) => t.nodeId === 'eng')!.contributions).toEqual([
      { score: 'engagement', points: 22.94, label: 'pricing page', detail: 'pricing_view ×3, decayed' },
    ]);
  });

  it('counts events in a window, caps a rule and bounds a node and a score', () => {
    const rs = mustCompile(
      flowOf(
        [
          {
            id: 'eng',
            kind: 'score',
            config: {
              score: 'engagement',
              cap: { max: 25 },
              rules: [
                { label: 'recent visits', event: { types: ['page_view'] }, points: 2, decay: { windowDays: 30 } },
                { label: 'webinars', event: { types: ['webinar_attended'] }, points: 10, cap: 20 },
                { label: 'emails this week', event: { types: ['email_click'] }, points: 1, withinDays: 7 },
              ],
            },
          },
          outcomeNode('o', 'MQL'),
        ],
        [
          ['start', 'next', 'eng'],
          ['eng', 'next', 'o'],
        ],
        { scores: [{ name: 'engagement', min: 0, max: 100 }] },
      ),
    );
    const events = [
      ...[1, 10, 29, 31, 200].map((d) => ({ type: 'page_view', at: ago(d) })),
      ...[1, 2, 3].map((d) => ({ type: 'webinar_attended', at: ago(d) })),
      { type: 'email_click', at: ago(6.9) },
      { type: 'email_click', at: ago(7.1) },
    ];
    const r = evaluate(rs, { lead: {}, events }, { now: NOW, trace: true });
    // visits 3 × 2 = 6; webinars 30 capped to 20; emails 1 → 27, node cap 25
    expect(r.scores.engagement).toBe(25);
    expect(r.trace!.find((t) => t.nodeId === 'eng')!.summary).toBe('+25 engagement (capped from +27)');
  });

  it('clamps a score to its declared minimum', () => {
    const rs = mustCompile(
      flowOf(
        [
          { id: 'fit', kind: 'score', config: { score: 'fit', rules: [{ label: 'student', when: { fact: 'lead', path: '$.title', operator: 'equal', value: 'Student' }, points: -50 }] } },
          outcomeNode('o', 'MQL'),
        ],
        [
          ['start', 'next', 'fit'],
          ['fit', 'next', 'o'],
        ],
        { scores: [{ name: 'fit', min: -20 }] },
      ),
    );
    expect(evaluate(rs, { lead: { title: 'Student' } }, { now: NOW }).scores.fit).toBe(-20);
  });

  it('aggregates over account contacts: distinct personas engaged in 30 days', () => {
    const rs = around({
      id: 'group',
      kind: 'score',
      config: {
        score: 'group',
        rules: [
          {
            label: 'personas engaged',
            points: 10,
            cap: 40,
            aggregate: { path: 'account.contacts', fn: 'distinct', field: 'persona', where: { fact: 'events', operator: 'count', value: { withinDays: 30, min: 1 } } },
          },
        ],
      },
    });
    const contact = (persona: string, days: number) => ({ persona, events: [{ type: 'page_view', at: ago(days) }] });
    const account = { contacts: [contact('economic_buyer', 3), contact('champion', 10), contact('champion', 1), contact('user', 45), { persona: 'it' }] };
    const r = evaluate(rs, { lead: {}, account }, { now: NOW, trace: true });
    expect(r.scores.group).toBe(20);
    expect(r.trace!.find((t) => t.nodeId === 'group')!.contributions![0]!.detail).toBe('distinct of persona = 2');
  });
});

describe('evaluate: table', () => {
  const grade = {
    id: 'matrix',
    kind: 'table',
    config: {
      hitPolicy: 'first',
      outputs: [{ name: 'grade' }],
      ports: ['work', 'nurture'],
      rows: [
        { label: 'A1', when: { all: [{ fact: 'lead', path: '$.employees', operator: 'greaterThan', value: 500 }, { fact: 'lead', path: '$.seniority', operator: 'equal', value: 'VP' }] }, values: { grade: 'A1' }, port: 'work' },
        { label: 'B2', when: { fact: 'lead', path: '$.employees', operator: 'greaterThan', value: 100 }, values: { grade: 'B2' }, port: 'work' },
      ],
      default: { values: { grade: 'D4' }, port: 'nurture' },
    },
  } as FlowNode;
  const rs = mustCompile(
    flowOf(
      [grade, outcomeNode('sql', 'SQL'), outcomeNode('nurture', 'Nurture')],
      [
        ['start', 'next', 'matrix'],
        ['matrix', 'work', 'sql'],
        ['matrix', 'nurture', 'nurture'],
      ],
    ),
  );

  it('takes the first matching row, sets the grade and leaves by its port', () => {
    const r = evaluate(rs, { lead: { employees: 1000, seniority: 'VP' } }, { now: NOW });
    expect([r.grade, r.outcome.stage, r.vars]).toEqual(['A1', 'SQL', { grade: 'A1' }]);
    expect(evaluate(rs, { lead: { employees: 200 } }, { now: NOW }).grade).toBe('B2');
  });

  it('falls back to the default row when nothing matches', () => {
    const r = evaluate(rs, { lead: { employees: 'many' } }, { now: NOW, trace: true });
    expect([r.grade, r.outcome.stage]).toEqual(['D4', 'Nurture']);
    expect(r.trace!.find((t) => t.nodeId === 'matrix')!.summary).toBe('no row matched: default');
  });

  it('collects every matching row and aggregates each output', () => {
    const collect = around({
      id: 'signals',
      kind: 'table',
      config: {
        hitPolicy: 'collect',
        outputs: [{ name: 'bonus', aggregate: 'sum' }, { name: 'reasons', aggregate: 'list' }, { name: 'hits', aggregate: 'count' }, { name: 'best', aggregate: 'max' }],
        rows: [
          { when: { fact: 'lead', path: '$.tags', operator: 'contains', value: 'event' }, values: { bonus: 5, reasons: 'met at event', hits: 1, best: 5 } },
          { when: { fact: 'lead', path: '$.tags', operator: 'contains', value: 'referral' }, values: { bonus: 10, reasons: 'referral', hits: 1, best: 10 } },
          { when: { fact: 'lead', path: '$.tags', operator: 'contains', value: 'partner' }, values: { bonus: 7, reasons: 'partner', hits: 1, best: 7 } },
        ],
      },
    });
    const r = evaluate(collect, { lead: { tags: ['event', 'referral'] } }, { now: NOW });
    expect(r.vars).toEqual({ bonus: 15, reasons: ['met at event', 'referral'], hits: 2, best: 10 });
    expect(evaluate(collect, { lead: {} }, { now: NOW }).vars).toEqual({ bonus: 0, reasons: [], hits: 0, best: null });
  });
});

describe('evaluate: checklist', () => {
  const item = (id: string) => ({ id, label: id, when: { fact: 'lead', path: `$.${id}`, operator: 'equal' as const, value: true } });
  const rs = mustCompile(
    flowOf(
      [
        { id: 'bant', kind: 'checklist', config: { min: 3, items: ['budget', 'authority', 'need', 'timeline'].map(item) } },
        outcomeNode('sql', 'SQL'),
        outcomeNode('nurture', 'Nurture'),
      ],
      [
        ['start', 'next', 'bant'],
        ['bant', 'pass', 'sql'],
        ['bant', 'fail', 'nurture'],
      ],
    ),
  );

  it('passes 3 of 4 and reports the failed item', () => {
    const r = evaluate(rs, { lead: { budget: true, authority: true, need: true, timeline: false } }, { now: NOW });
    expect(r.outcome.stage).toBe('SQL');
    expect(r.checklists.bant).toEqual({ met: true, min: 3, passed: ['budget', 'authority', 'need'], failed: ['timeline'] });
  });

  it('fails 2 of 4 with the failed items', () => {
    const r = evaluate(rs, { lead: { budget: true, need: true, authority: 'yes' } }, { now: NOW, trace: true });
    expect(r.outcome.stage).toBe('Nurture');
    expect(r.checklists.bant!.failed).toEqual(['authority', 'timeline']);
    expect(r.trace!.find((t) => t.nodeId === 'bant')!.summary).toBe('2 of 4 (needs 3); failed: authority, timeline');
  });
});

describe('evaluate: set', () => {
  it('computes variables that later conditions read', () => {
    const rs = mustCompile(
      flowOf(
        [
          { id: 'calc', kind: 'set', config: { assign: [{ name: 'size', expr: 'lead.employees * 2', type: 'number' }, { name: 'label', expr: 'upper(lead.country)', type: 'number' }] } },
          { id: 'g', kind: 'gate', config: { reason: 'small', condition: { fact: 'vars', path: '$.size', operator: 'greaterThan', value: 100 } } },
          outcomeNode('o', 'MQL'),
        ],
        [
          ['start', 'next', 'calc'],
          ['calc', 'next', 'g'],
          ['g', 'pass', 'o'],
        ],
      ),
    );
    const r = evaluate(rs, { lead: { employees: 60, country: 'de' } }, { now: NOW });
    expect(r.vars).toEqual({ size: 120, label: null }); // a string where a number was declared becomes null
    expect(r.outcome.stage).toBe('MQL');
    expect(evaluate(rs, { lead: { employees: 'sixty' } }, { now: NOW }).rejected?.reason).toBe('small');
  });
});

describe('evaluate: outcome', () => {
  it('computes the SLA due time, re-approach date, context and tags', () => {
    const flow = flowOf(
      [
        outcomeNode('handoff', 'SQL', {
          tags: ['hot'],
          handoff: {
            team: 'AE',
            sla: { within: 2, unit: 'businessDays', timeZone: 'America/New_York' },
            context: [
              { name: 'pain', from: 'lead.pain' },
              { name: 'touchpoints', from: 'events' },
              { name: 'missing', from: 'lead.title' },
            ],
            cautions: ['Competitor customer'],
          },
          recycle: { track: 'later', after: { months: 6 } },
        }),
      ],
      [['start', 'next', 'handoff']],
    );
    const r = evaluate(
      mustCompile(flow),
      {
        lead: { pain: 'manual routing' },
        events: [
          { type: 'page_view', at: '2026-11-17T12:00:00Z' },
          { type: 'demo_request', at: '2026-11-19T12:00:00Z', props: { url: '/demo' } },
          { type: 'page_view', at: '2026-11-22T00:00:00Z' }, // after now: not a touchpoint yet
        ],
      },
      { now: '2026-11-20T20:00:00Z' }, // Friday 15:00 in New York
    );
    expect(r.outcome.stage).toBe('SQL');
    expect(r.outcome.actions.tags).toEqual(['hot']);
    expect(r.outcome.actions.handoff!.dueAt).toBe('2026-11-24T20:00:00.000Z'); // Tuesday 15:00 New York
    expect(r.outcome.actions.handoff!.context).toEqual({
      pain: 'manual routing',
      touchpoints: [
        { type: 'demo_request', at: '2026-11-19T12:00:00.000Z', props: { url: '/demo' } },
        { type: 'page_view', at: '2026-11-17T12:00:00.000Z' },
      ],
      missing: null,
    });
    expect(r.outcome.actions.recycle).toEqual({ track: 'later', reapproachAt: '2027-05-20T20:00:00.000Z' });
  });

  it('writes every touchpoint time in UTC as toISOString does, whatever form the event gave it', () => {
    const flow = flowOf([{ id: 'o', kind: 'outcome', config: { stage: 'SQL', handoff: { context: [{ name: 'touchpoints', from: 'events' }] } } }], [['start', 'next', 'o']]);
    const r = evaluate(
      mustCompile(flow),
      {
        lead: {},
        events: [
          // 24 characters each, like toISOString's form, but not it
          { type: 'a', at: '2026-11-19T12:00:00+0100' },
          { type: 'b', at: '2026-11-18 12:00:00.500Z' },
          { type: 'c', at: '2026-11-17t12:00:00.250z' },
          { type: 'd', at: '2026-11-16T12:00:00.125Z' },
        ],
      },
      { now: '2026-11-20T20:00:00Z' },
    );
    expect(((r.outcome.actions.handoff!.context as Record<string, unknown>).touchpoints as { at: string }[]).map((t) => t.at)).toEqual([
      '2026-11-19T11:00:00.000Z',
      '2026-11-18T12:00:00.500Z',
      '2026-11-17T12:00:00.250Z',
      '2026-11-16T12:00:00.125Z',
    ]);
  });
});

describe('evaluate: bad data never throws', () => {
  const rs = mustCompile(
    flowOf(
      [
        { id: 'g', kind: 'gate', config: { reason: 'r', condition: { any: [{ fact: 'lead', path: '$.employees', operator: 'greaterThan', value: 5 }, { fact: 'lead', path: '$.tags', operator: 'contains', value: 'x' }] } } },
        { id: 's', kind: 'score', config: { score: 'eng', rules: [{ label: 'any event', event: {}, points: 1, decay: { halfLifeDays: 30 } }] } },
        outcomeNode('o', 'MQL'),
      ],
      [
        ['start', 'next', 'g'],
        ['g', 'pass', 's'],
        ['g', 'reject', 's'],
        ['s', 'next', 'o'],
      ],
    ),
  );

  const junk: unknown[] = [
    null,
    undefined,
    42,
    'lead',
    [],
    { lead: null },
    { lead: 'x', events: 'nope', account: 7 },
    { lead: { employees: '12abc', tags: 'x' }, events: [null, 1, 'a', { at: {} }, { type: 3, at: -1 }, { type: 'x', at: 1e20 }] },
    { lead: JSON.parse('{"__proto__": {"employees": 100}, "constructor": {"prototype": {"hacked": true}}}') },
    { lead: {}, events: [{ type: 'x', at: -1e20 }, { type: 'x', at: -8.64e15 - 1 }, { type: 'x', at: '0001-01-01T00:00:00Z' }, { type: 'x', at: '9999-12-31' }] },
    { lead: { employees: Number.NaN }, events: Array.from({ length: 50_000 }, (_, i) => ({ type: 'page_view', at: Date.parse(NOW) - i * 60_000 })) },
  ];

  it.each(junk.map((j, i) => [i, j]))('input #%i gives a result', (_i, input) => {
    const r = evaluate(rs, input as never, { now: NOW });
    expect(r.outcome.stage).toBe('MQL');
    expect(({} as Record<string, unknown>).employees).toBeUndefined();
    expect(({} as Record<string, unknown>).hacked).toBeUndefined();
  });

  it('treats __proto__ in lead data as plain data', () => {
    const r = evaluate(rs, { lead: JSON.parse('{"__proto__": {"employees": 100}}') }, { now: NOW });
    expect(r.rejected?.reason).toBe('r');
  });

  it('refuses a `now` that is not a date: that is the caller\'s bug, not lead data', () => {
    expect(() => evaluate(rs, { lead: {} }, { now: 'yesterday' })).toThrow(TypeError);
    expect(() => evaluate(rs, { lead: {} }, { now: 1e20 })).toThrow(TypeError);
    expect(() => evaluate(rs, { lead: {} }, { now: '0999-12-31T00:00:00Z' })).toThrow(TypeError);
  });

  it('is deterministic, byte for byte', () => {
    const input = { lead: { employees: 10 }, events: [{ type: 'a', at: '2026-10-01T00:00:00Z' }] };
    expect(JSON.stringify(evaluate(rs, input, { now: NOW, trace: true }))).toBe(JSON.stringify(evaluate(rs, structuredClone(input), { now: NOW, trace: true })));
  });
});
