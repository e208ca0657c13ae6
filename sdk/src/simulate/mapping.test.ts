import type { Field } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { mapColumns, rowToInput } from './mapping.js';

const fields: Field[] = [
  { key: 'lead.email', type: 'string', label: 'Email' },
  { key: 'lead.title', type: 'string', label: 'Job title' },
  { key: 'lead.seniority', type: 'string', values: ['c_level', 'vp', 'director'] },
  { key: 'lead.unsubscribed', type: 'boolean' },
  { key: 'lead.lastActivityAt', type: 'date' },
  { key: 'lead.stakeholders', type: 'list', itemType: 'string' },
  { key: 'account.industry', type: 'string', label: 'Industry' },
  { key: 'account.employees', type: 'number', label: 'Employees' },
  { key: 'account.country', type: 'string', label: 'Country (ISO 3166 alpha-2)' },
];

describe('mapColumns', () => {
  it('maps HubSpot and Salesforce export columns to the start node fields by default', () => {
    const hubspot = mapColumns(['Record ID', 'First Name', 'Email', 'Job Title', 'Company size', 'Industry', 'Country/Region', 'Lifecycle Stage', 'Lead Status'], fields);
    expect(hubspot.map((m) => [m.column, m.key, m.by])).toEqual([
      ['Record ID', 'lead.id', 'crm'],
      ['First Name', 'lead.firstName', 'crm'],
      ['Email', 'lead.email', 'field'],
      ['Job Title', 'lead.title', 'field'],
      ['Company size', 'account.employees', 'crm'],
      ['Industry', 'account.industry', 'field'],
      ['Country/Region', 'account.country', 'crm'],
      ['Lifecycle Stage', 'lead.lifecycleStage', 'crm'],
      ['Lead Status', 'lead.leadStatus', 'crm'],
    ]);
    const salesforce = mapColumns(['Title', 'Number of Employees', 'Annual Revenue', 'Lead Source', 'Company'], fields);
    expect(salesforce.map((m) => [m.key, m.type])).toEqual([
      ['lead.title', 'string'],
      ['account.employees', 'number'],
      ['account.annualRevenue', 'number'],
      ['lead.leadSource', 'string'],
      ['account.name', 'string'],
    ]);
  });

  it('keeps any other column as lead.<camelCase>, and lets an explicit mapping win or skip', () => {
    const m = mapColumns(['Favourite colour', 'Headcount', 'Notes', 'constructor'], fields, { Headcount: 'account.employees', notes: '-' });
    expect(m.map((x) => [x.key, x.by])).toEqual([
      ['lead.favouriteColour', 'column'],
      ['account.employees', 'mapping'],
      [null, 'skipped'],
      ['lead.constructorColumn', 'column'],
    ]);
  });
});

describe('rowToInput', () => {
  const header = ['Email', 'Job Title', 'Seniority', 'Number of Employees', 'Unsubscribed', 'Last activity at', 'Stakeholders', 'Industry'];
  const mapping = mapColumns(header, fields);

  it('types each cell by its field: numbers with separators and size bands, yes/no, dates, ; lists, known spellings', () => {
    expect(rowToInput(['a@x.io', 'VP Sales', 'VP', '"1,001-5,000"'.replace(/"/g, ''), 'Yes', '2026-01-31', 'cfo; cto', 'software'], mapping, fields)).toEqual({
      lead: { email: 'a@x.io', title: 'VP Sales', seniority: 'vp', unsubscribed: true, lastActivityAt: '2026-01-31', stakeholders: ['cfo', 'cto'] },
      account: { employees: 1001, industry: 'software' },
    });
  });

  it('leaves empty cells out, as the CRM left them', () => {
    expect(rowToInput(['', 'CTO', '', '', '', '', '', ''], mapping, fields)).toEqual({ lead: { title: 'CTO' } });
  });

  it('names the column and the field when a cell does not fit its type', () => {
    const row = (i: number, v: string) => Object.assign(new Array<string>(header.length).fill(''), { [i]: v });
    expect(() => rowToInput(row(3, 'lots'), mapping, fields)).toThrow('column "Number of Employees": "lots" is not a number (account.employees is a number)');
    expect(() => rowToInput(row(4, 'maybe'), mapping, fields)).toThrow(/"maybe" is not true\/false/);
    expect(() => rowToInput(row(5, 'last week'), mapping, fields)).toThrow(/is not a date/);
    expect(() => rowToInput(['a', 'b'], mapping, fields)).toThrow('has 2 fields, the header has 8');
  });
});
