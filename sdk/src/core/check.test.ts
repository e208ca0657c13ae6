import { describe, expect, it } from 'vitest';
import type { Field } from '@sluice/schemas';
import { createChecker } from './check.js';

const FIELDS: Field[] = [
  { key: 'lead.budget', type: 'number' },
  { key: 'lead.reapproachAt', type: 'date' },
  { key: 'lead.region', type: 'string' },
  { key: 'account.minDeal', type: 'number' },
  { key: 'account.regions', type: 'list', itemType: 'string' },
  { key: 'account.contacts', type: 'list', itemType: 'object' },
];
const c = createChecker({ fields: FIELDS, scores: new Set(['fit']), vars: new Set(['tier']), stages: ['MQL'] });

describe('fact references in condition values', () => {
  it('accepts references to declared fields of a kind the operator compares with', () => {
    expect(c.condition({ fact: 'lead', path: '$.budget', operator: 'greaterThanInclusive', value: { fact: 'account', path: '$.minDeal' } }, '/c')).toEqual([]);
    expect(c.condition({ fact: 'lead', path: '$.region', operator: 'in', value: { fact: 'account', path: '$.regions' } }, '/c')).toEqual([]);
    expect(c.condition({ fact: 'lead', path: '$.budget', operator: 'greaterThan', value: { fact: 'vars', path: '$.tier' } }, '/c')).toEqual([]);
  });

  it('refuses a reference to a field the start node does not declare', () => {
    expect(c.condition({ fact: 'lead', path: '$.budget', operator: 'greaterThan', value: { fact: 'account', path: '$.minDael' } }, '/c')).toEqual([
      { path: '/c/value/fact', message: 'account.minDael is not declared by the start node' },
    ]);
    expect(c.condition({ fact: 'lead', path: '$.budget', operator: 'greaterThan', value: { fact: 'scores', path: '$.fti' } }, '/c')).toEqual([
      { path: '/c/value/fact', message: 'scores.fti: no node sets a score named fti (known: fit)' },
    ]);
  });

  it('refuses a reference whose type does not fit the operator', () => {
    expect(c.condition({ fact: 'lead', path: '$.reapproachAt', operator: 'before', value: { fact: 'account', path: '$.minDeal' } }, '/c')).toEqual([
      { path: '/c/value', message: 'account.minDeal is a number; before compares with a date' },
    ]);
    expect(c.condition({ fact: 'lead', path: '$.region', operator: 'in', value: { fact: 'lead', path: '$.budget' } }, '/c')).toEqual([
      { path: '/c/value', message: 'lead.budget is a number; in compares with a list or string' },
    ]);
  });

  it('checks references to lead, account, scores and vars inside some/every/count and item conditions', () => {
    const afterDate = (ref: unknown) => ({ fact: 'events', operator: 'count', value: { min: 1, where: { fact: 'at', operator: 'after', value: ref } } });
    expect(c.condition(afterDate({ fact: 'lead', path: '$.reapproachAt' }), '/c')).toEqual([]);
    expect(c.condition(afterDate({ fact: 'lead', path: '$.lostAt' }), '/c')).toEqual([
      { path: '/c/value/where/value/fact', message: 'lead.lostAt is not declared by the start node' },
    ]);
    expect(c.condition({ fact: 'account', path: '$.contacts', operator: 'some', value: { fact: 'region', operator: 'equal', value: { fact: 'account', path: '$.regions' } } }, '/c')).toEqual([
      { path: '/c/value/value', message: 'account.regions is a list; equal compares with a string, number, boolean or date' },
    ]);
    // Any other fact name reads the item: not a declared field, not checked.
    expect(c.condition(afterDate({ fact: 'seenAt' }), '/c')).toEqual([]);
    expect(c.itemCondition({ fact: 'at', operator: 'after', value: { fact: 'lead', path: '$.budget' } }, '/w')).toEqual([
      { path: '/w/value', message: 'lead.budget is a number; after compares with a date' },
    ]);
    expect(c.itemCondition({ fact: 'at', operator: 'after', value: { fact: 'lead', path: '$.reapproachAt' } }, '/w')).toEqual([]);
  });
});
