import { describe, expect, it } from 'vitest';
import { tokenize } from './lexer.js';

const lex = (src: string) => {
  const errors: string[] = [];
  const toks = tokenize(src, errors);
  return { toks: toks.map((t) => [t.t, t.v, t.c]), errors };
};

describe('tokenize', () => {
  it('reads numbers, names, strings and operators with 1-based columns', () => {
    expect(lex('a.b >= 1.5e2 && "x"').toks).toEqual([
      ['n', 'a', 1],
      ['o', '.', 2],
      ['n', 'b', 3],
      ['o', '>=', 5],
      ['l', 150, 8],
      ['o', '&&', 14],
      ['l', 'x', 17],
      ['e', '', 20],
    ]);
  });

  it('turns keywords into literals and operators but keeps the name as written', () => {
    const toks = tokenize('true false null and or not in', []);
    expect(toks.map((t) => [t.t, t.v, t.w])).toEqual([
      ['l', true, 'true'],
      ['l', false, 'false'],
      ['l', null, 'null'],
      ['o', '&&', 'and'],
      ['o', '||', 'or'],
      ['o', '!', 'not'],
      ['o', 'in', 'in'],
      ['e', '', undefined],
    ]);
  });

  it('decodes escapes in single- and double-quoted strings', () => {
    expect(lex(String.raw`'it\'s' "a\"b" "\\" "x\ny\tz\r" "\q"`).toks.map((t) => t[1])).toEqual([
      "it's",
      'a"b',
      '\\',
      'x\ny\tz\r',
      'q',
      '',
    ]);
    expect(lex(`"it's" 'say "hi"'`).toks.map((t) => t[1])).toEqual(["it's", 'say "hi"', '']);
  });

  it('reads every operator', () => {
    const ops = '?? || && == != <= >= < > + - * / % ! ? : . , ( ) [ ]';
    expect(lex(ops).toks.slice(0, -1).map((t) => t[1])).toEqual(ops.split(' '));
  });

  it('refuses hexadecimal, trailing letters and numbers too large to be finite', () => {
    expect(lex('0x1f').errors).toEqual(['col 1: unexpected "0x1f"']);
    expect(lex('1 + 12abc').errors).toEqual(['col 5: unexpected "12abc"']);
    expect(lex('1e999').errors).toEqual(['col 1: unexpected "1e999"']);
  });

  it('reports every lexical error, not only the first', () => {
    expect(lex('a # b @ c = d').errors).toEqual([
      'col 3: unexpected "#"',
      'col 7: unexpected "@"',
      'col 11: unexpected "="',
    ]);
    expect(lex('a & b | c').errors).toEqual(['col 3: unexpected "&"', 'col 7: unexpected "|"']);
  });

  it('reports an unterminated string at its opening quote', () => {
    expect(lex('lower("abc').errors).toEqual(['col 7: unterminated string']);
    expect(lex("'abc\\'").errors).toEqual(['col 1: unterminated string']);
  });

  it('places the end token after the last character, trailing spaces included', () => {
    expect(lex('a  ').toks.at(-1)).toEqual(['e', '', 4]);
    expect(lex('').toks).toEqual([['e', '', 1]]);
  });
});
