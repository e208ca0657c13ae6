import { describe, expect, it } from 'vitest';
import { createCsvReader, readCsv } from './csv.js';

const fields = (text: string) => readCsv(text).map((r) => ('fields' in r ? r.fields : r.error));

describe('readCsv', () => {
  it('reads plain fields, LF and CRLF line ends, and a missing final line break', () => {
    expect(fields('a,b,c\n1,2,3\r\n4,,6')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '', '6'],
    ]);
  });

  it('reads quoted fields with commas, line breaks and escaped quotes', () => {
    expect(fields('"Job Title","Notes"\r\n"VP, Sales","said ""hi""\r\nthen left"\r\n""\r\n')).toEqual([['Job Title', 'Notes'], ['VP, Sales', 'said "hi"\r\nthen left'], ['']]);
  });

  it('drops a byte-order mark and skips blank lines', () => {
    expect(fields('\uFEFFa,b\n\n1,2\n\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('numbers each record by the line it starts on, counting line breaks inside quotes', () => {
    expect(readCsv('h\n"x\ny"\n\nz\n').map((r) => r.row)).toEqual([1, 2, 5]);
    expect(readCsv('h\r\n"x\r\ny"\r\nz\r\n').map((r) => r.row)).toEqual([1, 2, 4]);
  });

  it('reports a stray quote, text after a closing quote and an unclosed quote, and goes on', () => {
    expect(fields('a,b"c\n"x"y,z\nok,1\n"never')).toEqual(['a quote inside the unquoted field 2', 'text after the closing quote of field 1', ['ok', '1'], 'field 1 opens a quote that never closes']);
  });

  it('gives the same records whatever the chunks, even a quote or CRLF split between two', () => {
    const text = '\uFEFFName,"Title"\r\n"Ada ""A"" L","CTO,\r\nfounder"\r\nBob,x\r\n';
    const whole = readCsv(text);
    for (let size = 1; size <= 7; size++) {
      const r = createCsvReader();
      const out = [];
      for (let i = 0; i < text.length; i += size) out.push(...r.push(text.slice(i, i + size)));
      out.push(...r.end());
      expect(out, `chunks of ${size}`).toEqual(whole);
    }
    expect(whole).toEqual([
      { row: 1, fields: ['Name', 'Title'] },
      { row: 2, fields: ['Ada "A" L', 'CTO,\r\nfounder'] },
      { row: 4, fields: ['Bob', 'x'] },
    ]);
  });
});
