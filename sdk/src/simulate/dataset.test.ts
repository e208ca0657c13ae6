import type { Field } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { createCsvDataSetReader, createNdjsonReader } from './dataset.js';

const fields: Field[] = [
  { key: 'lead.title', type: 'string' },
  { key: 'account.employees', type: 'number' },
];

describe('createNdjsonReader', () => {
  it('reads inputs and bare leads line by line across chunks, skipping blank and bad lines by number', () => {
    const text = '{"id":"a","lead":{"title":"VP"},"now":"2026-01-01T00:00:00Z"}\n\n{"title":"CTO"}\nnot json\n[1]\n{"lead":{},"events":3}\n{"lead":{},"now":"soon"}\n{"lead":{"x":1}}';
    const r = createNdjsonReader();
    const rows = [];
    for (let i = 0; i < text.length; i += 5) rows.push(...r.push(text.slice(i, i + 5)));
    rows.push(...r.end());
    expect(rows).toEqual([
      { row: 1, input: { id: 'a', lead: { title: 'VP' }, now: '2026-01-01T00:00:00Z' } },
      { row: 3, input: { lead: { title: 'CTO' } } },
      { row: 8, input: { lead: { x: 1 } } },
    ]);
    expect(r.bad).toEqual({
      count: 4,
      rows: [
        { row: 4, message: 'not valid JSON' },
        { row: 5, message: 'not a JSON object' },
        { row: 6, message: 'events is not a list' },
        { row: 7, message: 'now is not a date: "soon"' },
      ],
    });
  });
});

describe('createCsvDataSetReader', () => {
  it('maps the header, reads each row as an input and reports bad rows by number', () => {
    const r = createCsvDataSetReader(fields);
    const rows = [...r.push('\uFEFFJob Title,Number of Employees\r\nVP,"1,200"\r\nCTO,many\r\n"open,5\r\n'), ...r.end()];
    expect(r.mapping!.map((m) => m.key)).toEqual(['lead.title', 'account.employees']);
    expect(rows).toEqual([{ row: 2, input: { lead: { title: 'VP' }, account: { employees: 1200 } } }]);
    expect(r.bad.rows).toEqual([
      { row: 3, message: 'column "Number of Employees": "many" is not a number (account.employees is a number)' },
      { row: 4, message: 'field 1 opens a quote that never closes' },
    ]);
  });

  it('refuses a mapping to a column the header lacks, or to a path that is not a field', () => {
    expect(() => createCsvDataSetReader(fields, { Headcount: 'account.employees' }).push('Title\nVP\n')).toThrow('the mapping names "Headcount", but the header has no such column (it has "Title")');
    expect(() => createCsvDataSetReader(fields, { Title: 'lead.__proto__.x' }).push('Title\nVP\n')).toThrow(/plain names/);
    expect(() => createCsvDataSetReader(fields, { Title: 'vars.x' }).push('Title\nVP\n')).toThrow(/lead.<name> or account.<name>/);
  });
});
