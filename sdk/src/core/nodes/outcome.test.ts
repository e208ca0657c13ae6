import { describe, expect, it } from 'vitest';
import { compile } from '../compile.js';
import { evaluate } from '../evaluate.js';
import { flowOf, mustCompile, outcomeNode } from '../fixtures.test-util.js';

const recycled = (after: Record<string, unknown>) =>
  flowOf([outcomeNode('o', 'Recycled', { recycle: { track: 'budget-cycle', after } })], [['start', 'next', 'o']]);
const reapproach = (after: Record<string, unknown>, lead: Record<string, unknown>, now = '2025-06-11T14:00:00.000Z') =>
  evaluate(mustCompile(recycled(after)), { lead }, { now }).outcome.actions.recycle?.reapproachAt;

describe('recycle.after counted from a date field', () => {
  it('counts from the lead’s date, so scoring again later gives the same date', () => {
    const lead = { createdAt: '2025-01-31T09:00:00Z' };
    expect(reapproach({ months: 1, from: 'lead.createdAt' }, lead)).toBe('2025-02-28T09:00:00.000Z');
    expect(reapproach({ months: 1, from: 'lead.createdAt' }, lead, '2025-09-01T00:00:00Z')).toBe('2025-02-28T09:00:00.000Z');
    expect(reapproach({ months: 1 }, lead)).toBe('2025-07-11T14:00:00.000Z');
  });

  it('falls back to now when the lead has no readable date there, or one far outside the calendar', () => {
    for (const createdAt of [undefined, null, 'last week', 8.64e15, '0500-01-01T00:00:00Z', { at: 1 }]) {
      expect(reapproach({ days: 10, from: 'lead.createdAt' }, { createdAt })).toBe('2025-06-21T14:00:00.000Z');
    }
  });

  it('is checked by the compiler: a declared date field', () => {
    const errors = (from: string) => {
      const r = compile(recycled({ months: 6, from }));
      return r.ok ? [] : r.errors.map((e) => `${e.path} ${e.message}`);
    };
    expect(errors('lead.createdAt')).toEqual([]);
    expect(errors('lead.lostAt')).toEqual(['/nodes/1/config/recycle/after/from lead.lostAt is not declared by the start node']);
    expect(errors('lead.title')).toEqual(['/nodes/1/config/recycle/after/from lead.title is a string, not a date']);
  });
});
