import { describe, expect, it } from 'vitest';
import { BINARY, eq, fin, get, has, truthy } from './interpret.js';
import { PRECEDENCE } from './parser.js';

describe('get', () => {
  it('reads own properties of objects and own indices of lists', () => {
    expect(get({ a: 1 }, 'a')).toBe(1);
    expect(get(['x', 'y'], 1)).toBe('y');
    expect(get(['x'], '0')).toBe('x');
  });

  it('gives null for missing, inherited, forbidden and non-key lookups', () => {
    expect(get({ a: 1 }, 'b')).toBeNull();
    expect(get({}, 'toString')).toBeNull();
    expect(get({}, 'hasOwnProperty')).toBeNull();
    expect(get(Object.create({ inherited: 1 }), 'inherited')).toBeNull();
    expect(get(['x'], 5)).toBeNull();
    expect(get(['x'], -1)).toBeNull();
    expect(get(['x'], 0.5)).toBeNull();
    expect(get({ true: 1 }, true)).toBeNull();
    expect(get('abc', 0)).toBeNull();
    expect(get(null, 'a')).toBeNull();
    expect(get({ a: undefined }, 'a')).toBeNull();
  });

  it('never returns a prototype or a function, even when the data has them as own keys', () => {
    const parsed = JSON.parse('{"__proto__": {"x": 1}, "constructor": 2, "prototype": 3}') as object;
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(get(parsed, '__proto__')).toBeNull();
    expect(get(parsed, 'constructor')).toBeNull();
    expect(get(parsed, 'prototype')).toBeNull();
    expect(get({ f: () => 1 }, 'f')).toBeNull();
  });
});

describe('value semantics', () => {
  it('truthy: null, false, 0, NaN, "" and [] are falsy', () => {
    for (const v of [null, undefined, false, 0, NaN, '', []]) expect(truthy(v)).toBe(false);
    for (const v of [true, 1, -1, 'a', [0], {}]) expect(truthy(v)).toBe(true);
  });

  it('eq compares without coercion and lists item by item', () => {
    expect(eq(1, 1)).toBe(true);
    expect(eq(1, '1')).toBe(false);
    expect(eq(null, null)).toBe(true);
    expect(eq(0, false)).toBe(false);
    expect(eq([1, [2, 'a']], [1, [2, 'a']])).toBe(true);
    expect(eq([1, 2], [1, 2, 3])).toBe(false);
    expect(eq({}, {})).toBe(false);
  });

  it('has: list membership or substring', () => {
    expect(has(['a', 1], 1)).toBe(true);
    expect(has([[1]], [1])).toBe(true);
    expect(has('substring', 'str')).toBe(true);
    expect(has('123', 1)).toBe(false);
    expect(has(null, 'a')).toBe(false);
    expect(has({ a: 1 }, 'a')).toBe(false);
  });

  it('fin: non-finite numbers become null, -0 becomes 0, long strings are cut', () => {
    expect(fin(NaN)).toBeNull();
    expect(fin(Infinity)).toBeNull();
    expect(Object.is(fin(-0), 0)).toBe(true);
    expect(fin(undefined)).toBeNull();
    expect((fin('x'.repeat(20_000)) as string).length).toBe(10_000);
  });

  it('has a precedence for every binary operator, and a function for each but the short-circuiting ones', () => {
    expect(Object.keys(BINARY).sort()).toEqual(Object.keys(PRECEDENCE).filter((o) => !['?', '||', '&&', '??'].includes(o)).sort());
    expect(PRECEDENCE).toEqual({
      '?': 1,
      '||': 2,
      '&&': 3,
      '==': 5,
      '!=': 5,
      '<': 5,
      '<=': 5,
      '>': 5,
      '>=': 5,
      in: 6,
      '??': 7,
      '+': 8,
      '-': 8,
      '*': 9,
      '/': 9,
      '%': 9,
    });
  });
});
