import { describe, expect, it } from 'vitest';
import { describeJsonSyntaxError, firstSyntaxError } from './json-syntax.js';

const parseError = (text: string): Error => {
  try {
    JSON.parse(text);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`valid JSON: ${text}`);
};
const at = (text: string) => {
  const d = describeJsonSyntaxError(text, parseError(text));
  return { line: d.line, column: d.column, reason: d.reason };
};

describe('describeJsonSyntaxError', () => {
  it('gives line, column and reason, where V8 gives an offset or nothing', () => {
    expect(at('{\n  "a": 1\n  "b": 2\n}')).toEqual({ line: 3, column: 3, reason: 'expected "," or "}" after a property value, found "\\""' });
    expect(at('{"a": tru}')).toEqual({ line: 1, column: 7, reason: 'unquoted "tru": strings need double quotes; true, false and null are the only bare words' });
    expect(at('not json')).toMatchObject({ line: 1, column: 1, reason: expect.stringMatching(/^unquoted "not": strings need double quotes/) });
    expect(at('{"a": -}')).toMatchObject({ column: 7, reason: 'expected a value, found "-"' });
    expect(at('{"a": 01}')).toMatchObject({ column: 8, reason: expect.stringContaining('malformed number') });
    expect(at('{"a": "x\\q"}')).toMatchObject({ column: 9, reason: 'unknown escape \\q in a string' });
    expect(at('{"a": "line\nbreak"}')).toMatchObject({ line: 1, column: 12, reason: expect.stringContaining('control character') });
    expect(at('{"a": 1} x')).toMatchObject({ column: 10, reason: 'expected the end of the text after the value, found "x"' });
    expect(at('')).toMatchObject({ line: 1, column: 1, reason: 'expected a value, found the end of the text' });
  });

  it('points at a trailing comma, which is what has to go', () => {
    expect(at('{\n  "a": [1, 2,],\n  "b": 1\n}')).toMatchObject({ line: 2, column: 13, reason: expect.stringContaining('a comma before "]"') });
    expect(at('{"a": 1,\n}')).toMatchObject({ line: 1, column: 8, reason: expect.stringContaining('a comma before "}"') });
  });

  it('shows the line with a caret under the column; a long line as a window around it', () => {
    expect(describeJsonSyntaxError('{\n\t"a": 1,\n\t"b" 2\n}', parseError('{\n\t"a": 1,\n\t"b" 2\n}')).excerpt).toBe('  3 | \t"b" 2\n    | \t    ^');
    const long = `{"pad": "${'x'.repeat(300)}", "bad": nope, "more": "${'y'.repeat(300)}"}`;
    const d = describeJsonSyntaxError(long, parseError(long));
    const [line, caret] = d.excerpt.split('\n') as [string, string];
    expect(line.length).toBeLessThan(120);
    expect(line).toMatch(/^ {2}1 \| …x+", "bad": nope, "more": "y+…$/);
    expect(line.slice(caret.indexOf('^'))).toMatch(/^nope/);
  });

  it('agrees with JSON.parse on what is valid, over many broken variants of a document', () => {
    const doc = JSON.stringify({ a: [1, -2.5e3, true, null, 'x"y\\z\u00e9'], b: { c: {}, d: [] }, 'e\nf': '\t' }, null, 1);
    const chars = [...'{}[],:"\\ \n0-eE.tfnu\u0001a'];
    let checked = 0;
    for (let i = 0; i < doc.length; i++) {
      for (const ch of chars) {
        for (const t of [doc.slice(0, i) + ch + doc.slice(i), doc.slice(0, i) + ch + doc.slice(i + 1), doc.slice(0, i) + doc.slice(i + 1)]) {
          let valid = true;
          try {
            JSON.parse(t);
          } catch {
            valid = false;
          }
          expect(firstSyntaxError(t) === null, t).toBe(valid);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(5_000);
  });
});
