import { describe, expect, it } from 'vitest';
import { MAX_INPUT, MAX_PATTERN, regexProblem, safeRegExp } from './safe-regex.js';

describe('regexProblem', () => {
  it.each([
    '^vp', '\\bdirector\\b', '@(gmail|yahoo|hotmail)\\.com$', '^(?:vp|vice president|chief)', '\\.edu$',
    '^[^@]+@[^@]+\\.edu$', '.*sales.*', '^\\d{3}-\\d{4}$', '(ab)+', '(a+)?', '(\\w+)@', 'a{2,5}', 'x+?y*?',
    '[(+*]+', '\\(a+\\)+', '[\\]a]+', '[]', '[^]', 'a{', '\\0', 'a|b|c', '\\u0041+', '(?:a|b)?c',
    // docs/conditions.md examples
    '^(vp|vice president|chief|head of)\\b', '@(gmail|yahoo|hotmail)\\.com$', '^\\+?\\d[\\d\\s-]{6,14}$', '.*vp.*sales', '@[\\w.]+$',
    // Repeats that must be followed by a character they cannot match end in one place.
    '\\w+@\\w+\\.\\w+', '^[a-z]+\\d+[a-z]+\\d+[a-z]+$', '[^@]+@[^@]+@[^@]+@.*', '\\d+-\\d+-\\d+-\\d+', '\\w+?@\\w+?\\.\\w+',
    '[a-z]+A[a-z]+A[a-z]+x', // A is not in [a-z] (with the i flag it is: next test)
  ])('accepts %j', (p) => {
    expect(regexProblem(p)).toBeUndefined();
    expect(safeRegExp(p)).toBeInstanceOf(RegExp);
  });

  it.each([
    ['(a)\\1', 'backreference'],
    ['(a)(b)\\2', 'backreference'],
    ['(?=a)b', 'lookaround'],
    ['(?!a)b', 'lookaround'],
    ['(?<=a)b', 'lookaround'],
    ['(?<!a)b', 'lookaround'],
    ['(?<n>a)\\k<n>', 'named group'],
    ['(a+)+', 'repeats a group'],
    ['(a*)*', 'repeats a group'],
    ['(a|a)*', 'repeats a group'],
    ['(a|b)+$', 'repeats a group'],
    ['((a)+)+', 'repeats a group'],
    ['((ab)c+)*', 'repeats a group'],
    ['(\\w+\\s?)*$', 'repeats a group'],
    ['(a?){25}', 'repeats a group'],
    ['(?:x+y)+', 'repeats a group'],
    ['.*.*.*x', 'too long'],
    ['\\w+\\w+\\w+x', 'too long'],
    ['\\w+@?\\w+\\.\\w+x', 'too long'], // the @ may be missing: no fixed end for the first \\w+
    ['.+@.+\\..+', 'too long'], // . matches @ and .
    ['\\w+\\d\\w+\\d\\w+x', 'too long'], // \\d is part of \\w
    ['a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?aaaaaaaaaaaaaaaaaaaaaa', 'too long'],
    ['a{0,1000}a{0,1000}a{0,1000}', 'too long'],
    ['(', 'not a valid'],
    ['a**', 'not a valid'],
    ['[a', 'not a valid'],
    ['x'.repeat(MAX_PATTERN + 1), 'longer than'],
  ])('refuses %j (%s)', (p, why) => {
    expect(regexProblem(p)).toContain(why);
    expect(safeRegExp(p)).toBeUndefined();
  });

  it('accepts a pattern of exactly the maximum length', () => {
    expect(regexProblem('x'.repeat(MAX_PATTERN))).toBeUndefined();
  });

  it('allows only the i flag', () => {
    expect(regexProblem('a', 'i')).toBeUndefined();
    expect(regexProblem('a', '')).toBeUndefined();
    for (const f of ['g', 'm', 's', 'u', 'y', 'gi', 'ii', 3]) expect(regexProblem('a', f)).toContain('flags');
    expect(safeRegExp('VP', 'i')?.test('vp')).toBe(true);
  });

  it('refuses non-strings', () => {
    for (const p of [undefined, null, 3, {}, ['a'], /a/]) expect(regexProblem(p)).toContain('must be a string');
  });

  it('judges disjointness with the flags: under i, A is one of [a-z]', () => {
    expect(regexProblem('[a-z]+A[a-z]+A[a-z]+x', 'i')).toContain('too long');
    expect(regexProblem('[a-z]+1[a-z]+1[a-z]+x', 'i')).toBeUndefined();
  });

  it('keeps patterns with forced ends fast on the longest tested input', () => {
    const inputs = ['a'.repeat(MAX_INPUT), 'a@'.repeat(MAX_INPUT / 2), 'a@a.'.repeat(MAX_INPUT / 4), `${'a1'.repeat(MAX_INPUT / 2)}!`];
    for (const p of ['\\w+@\\w+\\.\\w+$', '^[a-z]+\\d+[a-z]+\\d+[a-z]+$', '\\w+@\\w+\\.\\w+\\.\\w+!']) {
      const re = safeRegExp(p)!;
      expect(re, p).toBeInstanceOf(RegExp);
      // A pattern that multiplied its repeats would run into the test's timeout here.
      expect(inputs.map((s) => re.test(s))).toEqual([false, false, false, false]);
    }
  });

  it('keeps the worst accepted patterns fast on the longest tested input', () => {
    // Two unbounded parts is the budget; a third would take tens of seconds on this input.
    const re = safeRegExp('.*a.*x')!;
    expect(re.test('a'.repeat(MAX_INPUT))).toBe(false);
  });
});
