// The fixed function table: name → [parameter types, implementation]. The types give the
// arity and how each argument is read before the call:
//   N number, S string, D date (epoch ms, or an ISO string read by toEpochMs): anything else
//     makes the call's result null;
//   l list (anything else reads as the empty list); a anything;
//   `?` after a type: optional; `+` at the end: as many more `a` as wanted.
import type { EvalContext } from '../types.js';
import { DAY_MS, toEpochMs } from '../dates.js';
import { eq, get, has, isArr, isNum, isStr, truthy } from './interpret.js';

// `any`: arguments arrive already read as their declared types.
type Impl = (a: any[], c: EvalContext) => unknown;

const DAY = DAY_MS;
/** Minimum / maximum of numbers; lists spread one level; a reduce, as lists may be huge. */
const extreme = (f: (a: number, b: number) => number): Impl => (a) => {
  const n = a.flat().filter((x) => x != null);
  return n.length && n.every(isNum) ? n.reduce((x, y) => f(x, y)) : null;
};
/** A dotted field of a list item (`"props.plan"`), own properties only. */
const field = (x: unknown, f: string): unknown => f.split('.').reduce(get, x);
const where: Impl = ([l, f, v]) => l.filter((x: unknown) => eq(field(x, f), v)).length;

/** String form: null stays null, lists and objects as JSON. */
export const toText = (x: unknown): string | null => (x == null ? null : typeof x == 'object' ? JSON.stringify(x) : `${x}`);

/** Reads an argument as type `t`: see the table's header. */
export const conv = (t: string | undefined, v: unknown): unknown =>
  t == 'N' ? (isNum(v) ? v : null) : t == 'S' ? (isStr(v) ? v : null) : t == 'D' ? (toEpochMs(v) ?? null) : t == 'l' ? (isArr(v) ? v : []) : v;

export const FUNCTIONS: Record<string, [string, Impl]> = {
  lower: ['S', ([s]) => s.toLowerCase()],
  upper: ['S', ([s]) => s.toUpperCase()],
  trim: ['S', ([s]) => s.trim()],
  len: ['a', ([x]) => (isStr(x) || isArr(x) ? x.length : null)],
  contains: ['aa', ([x, v]) => has(x, v)],
  startsWith: ['SS', ([s, p]) => s.startsWith(p)],
  endsWith: ['SS', ([s, p]) => s.endsWith(p)],
  concat: ['a+', (a) => a.map((x) => toText(x) ?? '').join('')],
  round: [
    'NN?',
    ([x, d = 0]) => {
      const f = 10 ** d;
      // Half away from zero like score contributions; 1e-9 absorbs binary error (1.005 → 1.01).
      return d % 1 || f < 1 || f > 1e15 ? null : (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f;
    },
  ],
  floor: ['N', ([x]) => Math.floor(x)],
  ceil: ['N', ([x]) => Math.ceil(x)],
  abs: ['N', ([x]) => Math.abs(x)],
  min: ['a+', extreme(Math.min)],
  max: ['a+', extreme(Math.max)],
  clamp: ['NNN', ([x, lo, hi]) => Math.min(Math.max(x, lo), hi)],
  coalesce: ['a+', (a) => a.find((x) => x != null) ?? null],
  number: [
    'a',
    ([x]) => (isNum(x) || typeof x == 'boolean' || (isStr(x) && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(x)) ? +x : null),
  ],
  string: ['a', ([x]) => toText(x)],
  date: ['D', ([t]) => t],
  daysSince: ['D', ([t], c) => (c.nowMs - t) / DAY],
  daysBetween: ['DD', ([a, b]) => (b - a) / DAY],
  addDays: ['DN', ([t, n]) => t + n * DAY],
  now: ['', (_, c) => c.nowMs],
  count: ['l', ([l]) => l.length],
  sum: ['lS?', ([l, f]) => l.reduce((s: number, x: unknown) => ((x = f == null ? x : field(x, f)), isNum(x) ? s + x : s), 0)],
  some: ['lSa', (a, c) => (where(a, c) as number) > 0],
  countWhere: ['lSa', where],
  if: ['aaa', ([c, a, b]) => (truthy(c) ? a : b)],
};
