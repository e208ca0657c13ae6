import { describe, expect, it } from 'vitest';
import type { Field } from '@sluice/schemas';
import { blockedAt, fieldGroups, fits, fromPicker, getAt, linesToList, listToLines, otherFields, setAt, toPicker } from './lead-form.js';

const fields: Field[] = [
  { key: 'lead.title', type: 'string' },
  { key: 'lead.seniority', type: 'string', values: ['vp', 'director'] },
  { key: 'lead.bant.budget', type: 'string' },
  { key: 'lead.bant.budgetAmount', type: 'number' },
  { key: 'account.industry', type: 'string' },
  { key: 'account.funding.lastRoundAt', type: 'date' },
];

describe('setAt and getAt', () => {
  it('write a nested value, creating the objects on the way and sharing the rest', () => {
    const events = [{ type: 'page_view', at: '2025-01-01T00:00:00Z' }];
    const input = { lead: { title: 'VP' }, events };
    const next = setAt(input, ['lead', 'bant', 'budget'], 'approved');
    expect(next).toEqual({ lead: { title: 'VP', bant: { budget: 'approved' } }, events });
    expect(next.events).toBe(events);
    expect(input).toEqual({ lead: { title: 'VP' }, events });
    expect(getAt(next, ['lead', 'bant', 'budget'])).toBe('approved');
  });
  it('remove a key on undefined and the object it leaves empty, but never the lead itself', () => {
    const input = { lead: { bant: { budget: 'approved' } } };
    expect(setAt(input, ['lead', 'bant', 'budget'], undefined)).toEqual({ lead: {} });
    expect(setAt({ lead: { title: 'x' } }, ['lead', 'title'], undefined)).toEqual({ lead: {} });
  });
  it('keep an empty object the user wrote when nothing below it changes', () => {
    const input = { lead: { bant: {} } };
    expect(setAt(input, ['lead', 'bant', 'need'], undefined)).toBe(input);
  });
  it('read own properties only and write "__proto__" as a plain key', () => {
    expect(getAt({ lead: {} }, ['lead', 'constructor'])).toBeUndefined();
    const next = setAt({ lead: {} } as Record<string, unknown>, ['lead', '__proto__'], 'x');
    const lead = next.lead as Record<string, unknown>;
    expect(Object.getPrototypeOf(lead)).toBe(Object.prototype);
    expect(Object.hasOwn(lead, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
  it('blockedAt names a value that is in the way of a nested field', () => {
    expect(blockedAt({ lead: { bant: 'yes' } }, ['lead', 'bant', 'budget'])).toEqual(['lead', 'bant']);
    expect(blockedAt({ lead: { bant: {} } }, ['lead', 'bant', 'budget'])).toBeNull();
    expect(blockedAt({ lead: {} }, ['lead', 'bant', 'budget'])).toBeNull();
  });
});

describe('fieldGroups', () => {
  it('groups fields by the object they sit in, in declaration order', () => {
    expect(fieldGroups(fields).map((g) => [g.title, g.fields.map((f) => f.key)])).toEqual([
      ['Lead', ['lead.title', 'lead.seniority']],
      ['Lead › bant', ['lead.bant.budget', 'lead.bant.budgetAmount']],
      ['Account', ['account.industry']],
      ['Account › funding', ['account.funding.lastRoundAt']],
    ]);
  });
});

describe('otherFields', () => {
  it('lists what no declared field shows, walking into objects on the way to declared ones', () => {
    const input = {
      lead: { id: 'l1', title: 'VP', bant: { budget: 'none', note: 'call back' }, tags: ['a'] },
      account: { industry: 'software', contacts: [{ id: 'c1' }], funding: 'series_a' },
      events: [],
    };
    expect(otherFields(input, fields)).toEqual([
      { path: ['lead', 'id'], value: 'l1' },
      { path: ['lead', 'bant', 'note'], value: 'call back' },
      { path: ['lead', 'tags'], value: ['a'] },
      { path: ['account', 'contacts'], value: [{ id: 'c1' }] },
      // Not an object, so the declared account.funding.lastRoundAt cannot show it.
      { path: ['account', 'funding'], value: 'series_a' },
    ]);
  });
  it('does not take a key with a dot in it for a declared path', () => {
    expect(otherFields({ lead: { 'bant.budget': 'x' } }, fields)).toEqual([{ path: ['lead', 'bant.budget'], value: 'x' }]);
  });
});

describe('fits', () => {
  it('tells which values a field control can show', () => {
    expect(fits({ type: 'number' }, 5)).toBe(true);
    expect(fits({ type: 'number' }, 'many')).toBe(false);
    expect(fits({ type: 'number' }, undefined)).toBe(true);
    expect(fits({ type: 'date' }, '2025-01-01')).toBe(true);
    expect(fits({ type: 'date' }, 'yesterday')).toBe(false);
    expect(fits({ type: 'list', itemType: 'string' }, ['a', 'b'])).toBe(true);
    expect(fits({ type: 'list', itemType: 'string' }, ['a', 2])).toBe(false);
    expect(fits({ type: 'boolean' }, 'true')).toBe(false);
    expect(fits({ type: 'object' }, [])).toBe(false);
  });
});

describe('date picker values', () => {
  it('read a date in UTC for the picker, seconds only when set', () => {
    expect(toPicker('2025-06-12T15:30:00.000Z')).toBe('2025-06-12T15:30');
    expect(toPicker('2025-06-12T17:30:15+02:00')).toBe('2025-06-12T15:30:15');
    expect(toPicker(Date.UTC(2025, 5, 12, 15, 30))).toBe('2025-06-12T15:30');
    expect(toPicker('2025-06-12')).toBe('2025-06-12T00:00');
    expect(toPicker('soon')).toBe('');
    expect(toPicker(undefined)).toBe('');
  });
  it('write the picker value back as ISO UTC, nothing for an incomplete one', () => {
    expect(fromPicker('2025-06-12T15:30')).toBe('2025-06-12T15:30:00.000Z');
    expect(fromPicker('2025-06-12T15:30:15')).toBe('2025-06-12T15:30:15.000Z');
    expect(fromPicker('')).toBeUndefined();
    expect(fromPicker('2025-02-30T10:00')).toBeUndefined();
  });
});

describe('list lines', () => {
  it('turn a list into lines and back, blank lines skipped', () => {
    expect(listToLines(['VP Marketing', 'Sales Ops lead'])).toBe('VP Marketing\nSales Ops lead');
    expect(linesToList('VP Marketing\n\n Sales Ops lead \n', 'string')).toEqual({ value: ['VP Marketing', 'Sales Ops lead'] });
    expect(linesToList('3\n4.5', 'number')).toEqual({ value: [3, 4.5] });
    expect(linesToList('3\nfour', 'number')).toEqual({ error: 'line 2, "four", is not a number' });
  });
});
