import { describe, expect, it } from 'vitest';
import { getIn, parsePath } from './path.js';

describe('parsePath', () => {
  it.each([
    ['$', []],
    ['', []],
    ['$.a.b', ['a', 'b']],
    ['a.b', ['a', 'b']],
    ['$.tags[0]', ['tags', 0]],
    ['$[2].x', [2, 'x']],
    ['a[10][0].b', ['a', 10, 0, 'b']],
    ['$.x-y.$a._k', ['x-y', '$a', '_k']],
    ['$a.b', ['$a', 'b']], // jsonpath-plus reads `$a` as the property "$a"
    ['$.__proto__', ['__proto__']],
  ])('%j → %j', (p, segs) => {
    expect(parsePath(p)).toEqual(segs);
  });

  it.each([
    '$..a', '$.*', '$[*]', '$[?(@.a)]', '$["a"]', "$['a']", '$.a[-1]', '$[0:2]', '$.a.', '$.', 'a b',
    '.a', // jsonpath-plus looks up the property "" here
    '[0]',
    '$.a[01]', // jsonpath-plus reads the property "01", not index 1
    '$.a[99999999999999999999]',
    '$.$', '$.a.$', // `$` means the root again to jsonpath-plus
    '$.1a', 'a[0]b', '$.a..b', '@.a', '$.a b',
  ])('refuses %j', (p) => {
    expect(parsePath(p)).toBeNull();
  });

  it('refuses non-strings', () => {
    expect(parsePath(undefined as unknown as string)).toBeNull();
    expect(parsePath(3 as unknown as string)).toBeNull();
  });
});

describe('getIn', () => {
  const data = { a: { b: [10, { c: 'x' }] }, o: { 0: 'zero' }, s: 'abc', e: '', z: 0, f: false, n: null };

  it('follows objects and arrays', () => {
    expect(getIn(data, ['a', 'b', 0])).toBe(10);
    expect(getIn(data, ['a', 'b', 1, 'c'])).toBe('x');
    expect(getIn(data, [])).toBe(data);
    expect(getIn(data, ['o', 0])).toBe('zero'); // [0] on an object reads the key "0"
  });

  it('reads length and characters like jsonpath-plus', () => {
    expect(getIn(data, ['a', 'b', 'length'])).toBe(2);
    expect(getIn(data, ['s', 'length'])).toBe(3);
    expect(getIn(data, ['s', 0])).toBe('a');
    expect(getIn(data, ['e', 'length'])).toBeUndefined(); // falsy values are not followed
  });

  it('is undefined for missing properties and falsy or primitive values', () => {
    expect(getIn(data, ['a', 'x', 'y'])).toBeUndefined();
    expect(getIn(data, ['a', 'b', 5])).toBeUndefined();
    expect(getIn(data, ['z', 'toFixed'])).toBeUndefined();
    expect(getIn(data, ['f', 'x'])).toBeUndefined();
    expect(getIn(data, ['n', 'x'])).toBeUndefined();
    expect(getIn(undefined, ['a'])).toBeUndefined();
    expect(getIn(null, [])).toBeNull();
    expect(getIn(5, ['x'])).toBeUndefined();
  });

  it('never reaches a prototype', () => {
    expect(getIn({}, ['__proto__'])).toBeUndefined();
    expect(getIn({}, ['__proto__', 'polluted'])).toBeUndefined();
    expect(getIn({}, ['constructor'])).toBeUndefined();
    expect(getIn({}, ['constructor', 'prototype'])).toBeUndefined();
    expect(getIn({}, ['toString'])).toBeUndefined();
    expect(getIn([], ['map'])).toBeUndefined();
    expect(getIn('abc', ['toUpperCase'])).toBeUndefined();
    const bare = Object.create(null) as Record<string, unknown>;
    bare.a = 1;
    expect(getIn(bare, ['a'])).toBe(1);
    expect(getIn(bare, ['b'])).toBeUndefined();
  });

  it('reads an own __proto__ key as plain data, as JSON.parse makes it', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    expect(getIn(parsed, ['__proto__', 'polluted'])).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('walks huge arrays by index without copying', () => {
    const big = new Array(1_000_000).fill(0);
    big[999_999] = 'last';
    expect(getIn({ big }, ['big', 999_999])).toBe('last');
  });
});
