import { describe, expect, it } from 'vitest';
import { measureFunnel, median } from './measure.js';
import type { FunnelBy, FunnelEntry, TallyInput } from './tally.js';
import { periodKey, periodRanges, tallyEntries } from './tally.js';

const D = 86_400_000;
const T = Date.parse('2025-04-01T00:00:00Z');
const e = (leadId: string, stage: string, day: number, nextDay: number | null, over: Partial<FunnelEntry> = {}): FunnelEntry => ({
  leadId, stage, at: T + day * D, version: 1, nextAt: nextDay === null ? null : T + nextDay * D, recycled: false, ...over,
});

// From rows, as the stores' contract tests hold their SQL to: tallies, then the measured funnel.
const measure = (input: Partial<TallyInput> & { sequence: string[]; now: number; by?: FunnelBy }) =>
  measureFunnel({ tallies: tallyEntries({ entries: [], handoffs: [], answers: [], ...input }), sequence: input.sequence, ...(input.by ? { by: input.by } : {}) });

describe('measureFunnel', () => {
  const seq = ['Lead', 'MQL', 'SQL'];
  const entries = [
    e('a', 'Lead', 0, 2), e('b', 'Lead', 1, 5), e('c', 'Lead', 40, null, { version: 2 }), e('d', 'Lead', 50, 51, { recycled: true, version: 2 }),
    e('a', 'MQL', 2, null), e('b', 'MQL', 5, null), e('x', 'Nurture', 3, null),
  ];

  it('counts fresh and recycled entries apart, conversions of the fresh ones, median days, and lists every stage seen', () => {
    const m = measure({ entries, sequence: seq, now: T });
    expect(m.stages).toEqual([
      { stage: 'Lead', planned: true, next: 'MQL', reached: 3, recycled: 1, convertedToNext: 2, conversion: 0.6667, medianDaysToNext: 3 },
      { stage: 'MQL', planned: true, next: 'SQL', reached: 2, recycled: 0, convertedToNext: 0, conversion: 0, medianDaysToNext: null },
      { stage: 'SQL', planned: true, next: null, reached: 0, recycled: 0, convertedToNext: null, conversion: null, medianDaysToNext: null },
      { stage: 'Nurture', planned: false, next: null, reached: 1, recycled: 0, convertedToNext: null, conversion: null, medianDaysToNext: null },
    ]);
    expect(m.groups).toEqual([]);
  });

  it('groups by month and by version, each group listing the same stages', () => {
    const byMonth = measure({ entries, sequence: seq, now: T, by: 'month' });
    expect(byMonth.groups.map((g) => [g.key, g.stages.map((s) => s.reached + s.recycled)])).toEqual([['2025-04', [2, 2, 0, 1]], ['2025-05', [2, 0, 0, 0]]]);
    const byVersion = measure({ entries, sequence: seq, now: T, by: 'version' });
    expect(byVersion.groups.map((g) => [g.key, g.stages[0]?.reached, g.stages[0]?.recycled])).toEqual([['v1', 2, 0], ['v2', 1, 1]]);
  });

  it('handoffs: on time, breached (late, or open past due), open, median response; answers and acceptance rate', () => {
    const h = (createdAt: number, dueAt: number, touchedAt: number | null) => ({ leadId: 'a', version: 1, createdAt, dueAt, touchedAt });
    const m = measure({
      sequence: seq, now: T + 10 * D,
      handoffs: [h(T, T + D, T + 2 * 3_600_000), h(T, T + D, T + 2 * D), h(T, T + 2 * D, null), h(T, T + 20 * D, null)],
      answers: [{ leadId: 'a', version: 1, at: T, answer: 'accepted' }, { leadId: 'b', version: 1, at: T, answer: 'accepted' }, { leadId: 'c', version: 1, at: T, answer: 'sent back' }],
    });
    expect(m.handoffs).toEqual({ total: 4, onTime: 1, breached: 2, open: 1, medianResponseHours: 25, accepted: 2, sentBack: 1, acceptanceRate: 0.6667 });
  });
});

it('groups answers with no handoff of their own, by source, with "(none)" for leads without one', () => {
  const m = measure({
    entries: [e('a', 'Lead', 0, null), e('b', 'Lead', 1, null)], sequence: ['Lead', 'MQL'], now: T, by: 'source', sourceOf: (id) => (id === 'a' ? 'webinar' : undefined),
    answers: [{ leadId: 'c', version: 1, at: T, answer: 'sent back' }],
  });
  expect(m.groups.map((g) => [g.key, g.stages[0]?.reached, g.handoffs.sentBack, g.handoffs.total])).toEqual([['(none)', 1, 1, 0], ['webinar', 1, 0, 0]]);
});

it('periodRanges cuts a window at UTC month and quarter boundaries, keyed as periodKey', () => {
  const r = periodRanges(Date.parse('2025-11-15T00:00:00Z'), Date.parse('2026-02-01T00:00:00Z'), 'month');
  expect(r.map((x) => [x.key, new Date(x.fromMs).toISOString().slice(0, 10), new Date(x.toMs).toISOString().slice(0, 10)])).toEqual([
    ['2025-11', '2025-11-15', '2025-12-01'], ['2025-12', '2025-12-01', '2026-01-01'], ['2026-01', '2026-01-01', '2026-02-01'],
  ]);
  expect(periodRanges(Date.parse('2025-02-10T00:00:00Z'), Date.parse('2025-04-01T06:00:00Z'), 'quarter').map((x) => [x.key, x.toMs - x.fromMs])).toEqual([
    ['2025-Q1', Date.parse('2025-04-01T00:00:00Z') - Date.parse('2025-02-10T00:00:00Z')], ['2025-Q2', 6 * 3_600_000],
  ]);
  expect(periodRanges(5, 5, 'month')).toEqual([]);
});

it('median and periodKey', () => {
  expect([median([]), median([3, 1, 2]), median([4, 1, 2, 3])]).toEqual([null, 2, 2.5]);
  expect([periodKey(Date.parse('2025-03-31T23:59:59Z'), 'quarter'), periodKey(Date.parse('2025-04-01T00:00:00Z'), 'quarter'), periodKey(Date.parse('2025-12-05T00:00:00Z'), 'month')]).toEqual(['2025-Q1', '2025-Q2', '2025-12']);
});
