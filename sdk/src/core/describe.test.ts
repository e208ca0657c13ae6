import type { Condition } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { describeCondition } from './describe.js';

const d = (c: unknown) => describeCondition(c as Condition);
const leaf = (path: string, operator: string, value: unknown, extra: object = {}) => ({ fact: 'lead', path, operator, value, ...extra });

describe('describeCondition', () => {
  it('names the field and says the operator in words', () => {
    expect(d(leaf('$.title', 'equal', 'VP'))).toBe('lead.title equals "VP"');
    expect(d(leaf('title', 'notEqual', null))).toBe('lead.title does not equal null');
    expect(d(leaf('$.tags[0]', 'in', ['a', 'b']))).toBe('lead.tags[0] is one of ["a", "b"]');
    expect(d(leaf('$.n', 'greaterThanInclusive', 50))).toBe('lead.n ≥ 50');
    expect(d(leaf('$.n', 'lessThan', 5))).toBe('lead.n < 5');
    expect(d(leaf('$.tags', 'doesNotContain', 'x'))).toBe('lead.tags does not contain "x"');
    expect(d({ fact: 'account', operator: 'exists', value: true })).toBe('account exists');
    expect(d(leaf('$.phone', 'exists', false))).toBe('lead.phone does not exist');
    expect(d(leaf('$.seen', 'withinLastDays', 30))).toBe('lead.seen is within the last 30 days');
    expect(d(leaf('$.seen', 'notWithinLastDays', 90))).toBe('lead.seen is not within the last 90 days');
    expect(d(leaf('$.d', 'before', '2024-01-01'))).toBe('lead.d is before "2024-01-01"');
    expect(d(leaf('$.title', 'matches', '^vp', { params: { flags: 'i' } }))).toBe('lead.title matches /^vp/i');
    expect(d(leaf('$.email', 'endsWith', '.edu'))).toBe('lead.email ends with ".edu"');
  });

  it('shows fact references as fields and cuts long lists', () => {
    expect(d(leaf('$.n', 'greaterThan', { fact: 'account', path: '$.min' }))).toBe('lead.n > account.min');
    expect(d(leaf('$.c', 'in', [1, 2, 3, 4, 5, 6, 7]))).toBe('lead.c is one of [1, 2, 3, 4, 5, … +2]');
  });

  it('groups read as and / or, parenthesised where they nest; empty groups hold, as in the engine', () => {
    const a = leaf('$.a', 'equal', 1);
    expect(d({ all: [a, { any: [a, { not: a }] }] })).toBe('lead.a equals 1 and (lead.a equals 1 or not (lead.a equals 1))');
    expect(d({ any: [a, { all: [a] }] })).toBe('lead.a equals 1 or lead.a equals 1');
    expect(d({ any: [] })).toBe('always');
    expect(d({ all: [] })).toBe('always');
  });

  it("names fields by their labels, but not inside item conditions (they read a list's items)", () => {
    const labels = new Map([['lead.budget', 'BANT: budget amount (USD)'], ['type', 'never used']]);
    const c = { all: [leaf('$.budget', 'greaterThanInclusive', 5000), { fact: 'events', operator: 'some', value: { fact: 'type', operator: 'equal', value: 'demo' } }] };
    expect(describeCondition(c as Condition, { labels })).toBe('BANT: budget amount (USD) ≥ 5000 and some events (type = demo)');
    expect(describeCondition(leaf('$.n', 'greaterThan', { fact: 'lead', path: '$.budget' }) as Condition, { labels })).toBe('lead.n > BANT: budget amount (USD)');
  });

  it('item operators use the compact form inside', () => {
    const pricing = { fact: 'type', operator: 'equal', value: 'pricing_view' };
    expect(d({ fact: 'events', operator: 'count', value: { where: pricing, withinDays: 30, min: 3 } })).toBe(
      'count of events (type = pricing_view) in last 30 days ≥ 3',
    );
    expect(d({ fact: 'events', operator: 'count', value: { max: 0 } })).toBe('count of events ≤ 0');
    expect(d({ fact: 'events', operator: 'count', value: { min: 1, max: 2 } })).toBe('count of events between 1 and 2');
    expect(d({ fact: 'account', path: '$.contacts', operator: 'distinctCount', value: { field: 'persona', min: 3 } })).toBe(
      'distinct persona of account.contacts ≥ 3',
    );
    expect(d({ fact: 'events', operator: 'some', value: { all: [pricing, { fact: 'props', path: '$.url', operator: 'startsWith', value: '/pricing plans' }] } })).toBe(
      'some events (type = pricing_view and props.url starts with "/pricing plans")',
    );
    expect(d({ fact: 'events', operator: 'every', value: { fact: 'n', operator: 'notEqual', value: 3 } })).toBe('every events (n ≠ 3)');
  });

  it('does not throw on malformed input', () => {
    for (const c of [null, 5, {}, { all: 3 }, { all: [null] }, { not: 3 }, { fact: 'x', operator: 'count', value: null }, { fact: 'x', path: '$..a', operator: 'zz', value: 1 }]) {
      expect(typeof d(c)).toBe('string');
    }
  });
});
