import { describe, expect, it } from 'vitest';
import { describeCondition, leafKey, splitKey } from './describe.js';

describe('describeCondition', () => {
  it('describes leaves, groups and negation in words', () => {
    const s = describeCondition({
      all: [
        { fact: 'lead', path: '$.employees', operator: 'greaterThanInclusive', value: 50 },
        { any: [
          { fact: 'lead', path: '$.industry', operator: 'in', value: ['SaaS', 'Fintech'] },
          { not: { fact: 'lead', path: '$.email', operator: 'endsWith', value: '.edu' } },
        ] },
      ],
    });
    expect(s).toBe('lead.employees ≥ 50 and (lead.industry is one of ["SaaS", "Fintech"] or not (lead.email ends with ".edu"))');
  });
  it('uses field labels and describes counts', () => {
    const s = describeCondition(
      { fact: 'events', operator: 'count', value: { where: { fact: 'type', operator: 'equal', value: 'pricing_view' }, withinDays: 30, min: 2 } },
      [],
    );
    expect(s).toBe('count of events (type = pricing_view) in last 30 days ≥ 2');
    expect(describeCondition({ fact: 'lead', path: '$.title', operator: 'exists', value: true }, [{ key: 'lead.title', type: 'string', label: 'Job title' }])).toBe('Job title exists');
    expect(describeCondition(undefined)).toBe('—');
  });
  it('says what the engine does with empty groups: both hold', () => {
    expect(describeCondition({ all: [] })).toBe('always');
    expect(describeCondition({ any: [] })).toBe('always');
  });
  it('maps keys to fact and path and back', () => {
    expect(splitKey('lead.company.size')).toEqual({ fact: 'lead', path: '$.company.size' });
    expect(leafKey({ fact: 'lead', path: '$.company.size' })).toBe('lead.company.size');
    expect(leafKey({ fact: 'account', path: 'employees' })).toBe('account.employees');
    expect(leafKey({ fact: 'scores' })).toBe('scores');
  });
});
