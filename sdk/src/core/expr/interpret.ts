// Value semantics of the expression language, shared by operators and functions.
// Every helper is total: bad types give null or false, never an exception.
import type { EvalContext } from '../types.js';

/** A compiled (sub)expression. */
export type Fn = (scope: Record<string, unknown>, ctx: EvalContext) => unknown;

const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];
export const isArr = Array.isArray;
export const isNum = (v: unknown): v is number => typeof v == 'number';
export const isStr = (v: unknown): v is string => typeof v == 'string';

/** Names that would lead to a prototype: refused at compile time, null at run time. */
export const forbidden = (k: unknown): boolean => FORBIDDEN.includes(k as string);

/** Own property `k` of `o`, or null: never a prototype, never a function. */
export function get(o: unknown, k: unknown): unknown {
  if (typeof o != 'object' || !o || !(isStr(k) || isNum(k)) || forbidden(k) || !Object.hasOwn(o, k))
    return null;
  const v = (o as Record<string, unknown>)[k];
  return typeof v == 'function' ? null : (v ?? null);
}

/** Falsy: null, false, 0, NaN, "" and the empty list. */
export const truthy = (v: unknown): boolean =>
  !(v == null || v === false || v === 0 || v !== v || v === '' || (isArr(v) && !v.length));

/** Equality without coercion; lists compare item by item. */
export const eq = (a: unknown, b: unknown): boolean =>
  a === b || (isArr(a) && isArr(b) && a.length == b.length && a.every((x, i) => eq(x, b[i])));

/** `n in h`: list membership or substring; anything else is false. */
export const has = (h: unknown, n: unknown): boolean =>
  isArr(h) ? h.some((x) => eq(x, n)) : isStr(h) && isStr(n) && h.includes(n);

/** Final form of a value: NaN/±Infinity → null, -0 → 0, strings cut to 10,000 chars. */
export const fin = (v: unknown): unknown =>
  isNum(v) ? (isFinite(v) ? v || 0 : null) : isStr(v) ? v.slice(0, 1e4) : (v ?? null);

const arith = (f: (a: number, b: number) => number) => (a: unknown, b: unknown) =>
  isNum(a) && isNum(b) ? fin(f(a, b)) : null;
// Ordering only between two numbers or two strings; any other pair is false.
const order = (f: (a: number | string, b: number | string) => boolean) => (a: unknown, b: unknown) =>
  typeof a == typeof b && (isNum(a) || isStr(a)) && f(a, b as string);
const prim = (v: unknown) => isStr(v) || isNum(v) || typeof v == 'boolean';

/**
 * The eager binary operators' functions (their precedence is the parser's: PRECEDENCE in
 * parser.ts, which browsers do not ship). `?`, `||`, `&&`, `??` short-circuit, so link.ts
 * builds their closures itself.
 */
export const BINARY: Record<string, (a: unknown, b: unknown) => unknown> = {
  '==': eq,
  '!=': (a, b) => !eq(a, b),
  '<': order((a, b) => a < b),
  '<=': order((a, b) => a <= b),
  '>': order((a, b) => a > b),
  '>=': order((a, b) => a >= b),
  in: (a, b) => has(b, a),
  '+': (a, b) =>
    isNum(a) && isNum(b) ? fin(a + b) : (isStr(a) || isStr(b)) && prim(a) && prim(b) ? fin(`${a}${b}`) : null,
  '-': arith((a, b) => a - b),
  '*': arith((a, b) => a * b),
  '/': arith((a, b) => a / b),
  '%': arith((a, b) => a % b),
};
