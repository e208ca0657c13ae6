import { describe, expect, it } from 'vitest';
import { DAY_MS } from './dates.js';
import { OPS, PREP } from './operators.js';
import { MAX_INPUT } from './safe-regex.js';

const NOW = Date.UTC(2024, 5, 15, 12);
const ctx = { nowMs: NOW };
const run = (op: string, a: unknown, b: unknown, c = ctx) => {
  const prep = PREP[op];
  return OPS[op]!(a, prep ? prep(b, undefined) : b, c);
};
const ago = (days: number) => new Date(NOW - days * DAY_MS).toISOString();

describe('json-rules-engine operators', () => {
  it('equal / notEqual are strict', () => {
    expect(run('equal', 'VP', 'VP')).toBe(true);
    expect(run('equal', 1, '1')).toBe(false);
    expect(run('equal', undefined, null)).toBe(false);
    expect(run('equal', NaN, NaN)).toBe(false);
    expect(run('notEqual', undefined, 'x')).toBe(true);
    expect(run('notEqual', [1], [1])).toBe(true);
  });

  it('in / notIn search the value with indexOf (a string too, as through a fact reference)', () => {
    expect(run('in', 'b', ['a', 'b'])).toBe(true);
    expect(run('in', 1, ['1'])).toBe(false);
    expect(run('in', undefined, [null])).toBe(false);
    expect(run('notIn', undefined, ['a'])).toBe(true);
    expect(run('in', 'bc', 'abcd')).toBe(true);
    expect(run('notIn', 'x', 'abcd')).toBe(true);
    // json-rules-engine throws here; we answer false on both sides.
    expect(run('in', 'a', 5)).toBe(false);
    expect(run('notIn', 'a', null)).toBe(false);
  });

  it('contains / doesNotContain need a list fact', () => {
    expect(run('contains', ['a', 'b'], 'a')).toBe(true);
    expect(run('contains', 'abc', 'a')).toBe(false);
    expect(run('doesNotContain', ['a'], 'b')).toBe(true);
    expect(run('doesNotContain', 'abc', 'z')).toBe(false);
    expect(run('doesNotContain', undefined, 'z')).toBe(false);
  });

  it('numeric operators check the fact with parseFloat, then compare with JS <', () => {
    expect(run('greaterThan', 10, 5)).toBe(true);
    expect(run('greaterThan', '10', 5)).toBe(true);
    expect(run('lessThan', '10', '9')).toBe(true); // two strings compare as text
    expect(run('lessThan', '12abc', 20)).toBe(false); // passes parseFloat, but NaN < 20
    expect(run('lessThan', [5], 6)).toBe(true); // [5] → "5" → 5
    expect(run('greaterThanInclusive', 5, 5)).toBe(true);
    expect(run('lessThanInclusive', 5, 4)).toBe(false);
    expect(run('greaterThan', Infinity, 5)).toBe(true);
    for (const a of [null, undefined, true, 'abc', '', {}, NaN]) expect(run('lessThan', a, 100)).toBe(false);
    expect(run('lessThanInclusive', 0, null)).toBe(true); // null → 0, as in JS
  });
});

describe('Sluice operators', () => {
  it('before / after compare dates on both sides', () => {
    expect(run('before', '2024-01-01', '2024-02-01')).toBe(true);
    expect(run('before', '2024-01-01T00:00:00+01:00', '2024-01-01')).toBe(true);
    expect(run('after', Date.UTC(2024, 1, 1), '2024-01-31')).toBe(true);
    expect(run('after', '2024-01-01', '2024-01-01')).toBe(false);
    expect(run('before', 'March 3', '2024-02-01')).toBe(false);
    expect(run('after', '2024-01-01', 'soon')).toBe(false);
    expect(run('before', undefined, '2024-01-01')).toBe(false);
  });

  it('withinLastDays is [now − N days, now]', () => {
    expect(run('withinLastDays', ago(0), 30)).toBe(true);
    expect(run('withinLastDays', ago(30), 30)).toBe(true);
    expect(run('withinLastDays', ago(30.001), 30)).toBe(false);
    expect(run('withinLastDays', ago(-1), 30)).toBe(false); // the future is not "last"
    expect(run('withinLastDays', ago(0), 0)).toBe(true);
    expect(run('withinLastDays', undefined, 30)).toBe(false);
    expect(run('withinLastDays', ago(1), -1)).toBe(false);
    expect(run('withinLastDays', ago(1), '30')).toBe(false);
    expect(run('withinLastDays', ago(1), 30, { nowMs: NaN })).toBe(false);
  });

  it('notWithinLastDays is older than now − N days; a missing date is false', () => {
    expect(run('notWithinLastDays', ago(31), 30)).toBe(true);
    expect(run('notWithinLastDays', ago(30), 30)).toBe(false);
    expect(run('notWithinLastDays', ago(-5), 30)).toBe(false);
    expect(run('notWithinLastDays', undefined, 30)).toBe(false);
    expect(run('notWithinLastDays', 'never', 30)).toBe(false);
  });

  it('matches tests strings with a safe regex, the first MAX_INPUT characters only', () => {
    expect(run('matches', 'VP Sales', '^VP')).toBe(true);
    expect(run('matches', 'vp sales', '^VP')).toBe(false);
    expect(OPS.matches!('vp sales', PREP.matches!('^VP', { flags: 'i' }), ctx)).toBe(true);
    expect(run('matches', 5, '5')).toBe(false);
    expect(run('matches', ['VP'], 'VP')).toBe(false);
    expect(run('matches', 'aaa', '(a+')).toBe(false); // a pattern that does not parse never matches
    expect(run('matches', 'x', 'x'.repeat(201))).toBe(false); // nor does an over-long one
    // Unsafe patterns are refused where rule sets are checked (compile, loadRuleSet,
    // checkCondition), not at every evaluation: see condition.test.ts.
    expect(run('matches', `${'a'.repeat(MAX_INPUT)}x`, 'x')).toBe(false);
    expect(run('matches', `${'a'.repeat(MAX_INPUT - 1)}x`, 'x')).toBe(true);
  });

  it('startsWith / endsWith need two strings', () => {
    expect(run('startsWith', 'Director of Sales', 'Director')).toBe(true);
    expect(run('endsWith', 'ann@acme.edu', '.edu')).toBe(true);
    expect(run('startsWith', 'abc', 'b')).toBe(false);
    expect(run('startsWith', 123, '1')).toBe(false);
    expect(run('endsWith', 'a1', 1)).toBe(false);
  });

  it('exists: true for anything but undefined and null', () => {
    for (const a of [0, '', false, [], {}, NaN]) expect(run('exists', a, true)).toBe(true);
    expect(run('exists', undefined, true)).toBe(false);
    expect(run('exists', null, true)).toBe(false);
    expect(run('exists', null, false)).toBe(true);
    expect(run('exists', 0, false)).toBe(false);
    expect(run('exists', 0, 'yes')).toBe(false);
  });
});
