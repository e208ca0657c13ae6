// Leaf operators: (fact value, condition value, context) → boolean. The first ten copy
// json-rules-engine 7 (engine-default-operators.js) exactly, JS coercions included, so a
// condition means the same in both. Callers wrap them in try/catch: `<` on an object without
// a prototype, or `indexOf` with one, throws in JS, and a predicate must never throw.
// some/every/count/distinctCount hold sub-conditions and are compiled in condition.ts.
import { DAY_MS, toEpochMs } from './dates.js';
import { MAX_INPUT, MAX_PATTERN, regexProblem } from './safe-regex.js';
import type { EvalContext } from './types.js';

// `any`: these mirror JS's own loose operators.
export type Op = (fact: any, value: any, ctx: EvalContext) => boolean;

// json-rules-engine's fact-value check for numeric operators: "12abc" passes, null fails.
const numeric = (a: unknown) => !Number.isNaN(Number.parseFloat(a as string));
// json-rules-engine calls `value.indexOf`: an array or, through a fact reference, a string.
const searchable = (b: unknown): b is string | unknown[] => Array.isArray(b) || typeof b === 'string';
const str = (a: unknown): a is string => typeof a === 'string';
// Dated within [now − n days, now]; a missing date, a bad n or no `now` is false.
const within = (a: unknown, n: unknown, ctx: EvalContext) => {
  const t = toEpochMs(a);
  return typeof n === 'number' && n >= 0 && t !== undefined && t >= ctx.nowMs - n * DAY_MS && t <= ctx.nowMs;
};

/** Every operator a leaf can use directly, by name. */
export const OPS: Readonly<Record<string, Op>> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => searchable(b) && b.indexOf(a) > -1,
  notIn: (a, b) => searchable(b) && b.indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => numeric(a) && a < b,
  lessThanInclusive: (a, b) => numeric(a) && a <= b,
  greaterThan: (a, b) => numeric(a) && a > b,
  greaterThanInclusive: (a, b) => numeric(a) && a >= b,
  // Dates: `value` arrives as epoch ms (see PREP); unparsable on either side is false.
  before: (a, b) => (toEpochMs(a) ?? NaN) < b,
  after: (a, b) => (toEpochMs(a) ?? NaN) > b,
  withinLastDays: within,
  notWithinLastDays: (a, n, ctx) => {
    const t = toEpochMs(a);
    return typeof n === 'number' && n >= 0 && t !== undefined && t < ctx.nowMs - n * DAY_MS;
  },
  matches: (a, re) => str(a) && re instanceof RegExp && re.test(a.length > MAX_INPUT ? a.slice(0, MAX_INPUT) : a),
  startsWith: (a, b) => str(a) && str(b) && a.startsWith(b),
  endsWith: (a, b) => str(a) && str(b) && a.endsWith(b),
  exists: (a, b) => (a !== undefined && a !== null) === b,
};

/**
 * How a condition value is prepared before the operator sees it: once at compile time for a
 * literal, per evaluation for a fact reference. Dates become epoch ms, patterns RegExps.
 */
export const PREP: Readonly<Record<string, (value: unknown, params: unknown) => unknown>> = {
  before: toEpochMs,
  after: toEpochMs,
  // The pattern is the rule author's, checked by conditionIssues when the rule set was compiled
  // or loaded (and by checkCondition); evaluation only guards against a pattern that does not
  // parse, so the browser engine need not ship the checker.
  matches: (v, params) => {
    const flags = (params as { flags?: unknown } | undefined)?.flags ?? '';
    if (typeof v !== 'string' || v.length > MAX_PATTERN || (flags !== '' && flags !== 'i')) return undefined;
    try {
      return new RegExp(v, flags);
    } catch {
      return undefined;
    }
  },
};

// Value shapes, for conditionIssues.
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const DATE = 'must be a date: an ISO-8601 string or epoch milliseconds';
const DAYS = 'must be a number of days, 0 or more';
const SCALAR = 'must be a string, number, boolean or null: a list or object is never equal to anything';
const scalar = (v: unknown) => (typeof v === 'object' && v !== null ? SCALAR : undefined);
const text = (v: unknown) => (typeof v === 'string' ? undefined : 'must be a string');
const date = (v: unknown) => (toEpochMs(v) === undefined ? DATE : undefined);
export const daysProblem = (v: unknown) => (isNum(v) && v >= 0 ? undefined : DAYS);
const order = (v: unknown) => (isNum(v) || typeof v === 'string' ? undefined : 'must be a number (or a string)');
const list = (v: unknown) => (Array.isArray(v) ? undefined : 'must be a list of values');
/** What is wrong with a literal condition value for each operator (some/every/count/distinctCount apart), if anything. */
export const VALUE_PROBLEM: Record<string, (v: unknown) => string | undefined> = {
  equal: scalar, notEqual: scalar, contains: scalar, doesNotContain: scalar, in: list, notIn: list,
  lessThan: order, lessThanInclusive: order, greaterThan: order, greaterThanInclusive: order,
  before: date, after: date, withinLastDays: daysProblem, notWithinLastDays: daysProblem,
  matches: (v) => regexProblem(v), startsWith: text, endsWith: text,
  exists: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
};
