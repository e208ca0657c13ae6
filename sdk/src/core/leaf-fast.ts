// Leaves specialised at build time, for servers scoring many leads: the path resolved to direct
// own-property reads, the operator and its literal fixed, one closure per leaf instead of four.
// Only shapes whose answer provably equals the general path's (condition.ts) are taken; the
// browser bundles put leaf-fast.off.ts in its place (sdk/scripts/browser-modules.mjs), so the
// script tag stays small and runs the general path, and the conformance rows run both.
import type { Predicate } from './types.js';
import { getIn } from './path.js';

/** Whether this build specialises (the browser bundles' leaf-fast.off.ts says false): dead code goes. */
export const FAST = true;

const hasOwn = Object.prototype.hasOwnProperty;

type Facts5 = { lead: unknown; account: unknown; scores: unknown; vars: unknown; events: unknown };

const numeric = (a: unknown) => !Number.isNaN(Number.parseFloat(a as string));

/**
 * What reader() in condition.ts reads, as one closure: the fact (own property), then the path
 * only on an object fact, each step an own property of a truthy value (path.ts getIn). `item`
 * says the facts are a list item (any value) rather than the evaluation's facts (FACT_NAMES
 * own). May throw (a getter in lead data): callers fence it.
 *
 * @example
 * fastRead('lead', ['seniority'], false)(factsOf({ lead: { seniority: 'vp' } })); // 'vp'
 */
export function fastRead(fact: string, segs: readonly (string | number)[], item: boolean): (f: unknown) => unknown {
  // The first step is read here; one segment covers most rules.
  const k0 = segs[0];
  const rest = segs.length > 1 ? segs.slice(1) : undefined;
  // The evaluation's facts always have the five facts as own properties (evaluate and
  // checkCondition make them so): a named read, which V8 caches per shape, is enough there.
  // An item may be anything: only an object has facts (util.ts own).
  const fetch: (f: unknown) => unknown = item ? (f) => (typeof f === 'object' && f !== null && hasOwn.call(f, fact) ? (f as Record<string, unknown>)[fact] : undefined)
    : fact === 'lead' ? (f) => (f as Facts5).lead
    : fact === 'account' ? (f) => (f as Facts5).account
    : fact === 'scores' ? (f) => (f as Facts5).scores
    : fact === 'vars' ? (f) => (f as Facts5).vars
    : fact === 'events' ? (f) => (f as Facts5).events
    : (f) => (hasOwn.call(f, fact) ? (f as Record<string, unknown>)[fact] : undefined);
  return k0 === undefined
    ? fetch
    : (f: unknown) => {
        const v = fetch(f);
        if (typeof v !== 'object' || v === null) return v;
        const x = hasOwn.call(v, k0) ? (v as Record<string | number, unknown>)[k0] : undefined;
        return rest === undefined ? x : getIn(x, rest);
      };
}

/**
 * The operator with its literal value fixed, as a test of the value read (what OPS[op] answers
 * with that value), or `undefined` when the shape is not specialised. May throw (parseFloat of
 * an object whose toString throws): callers fence it.
 *
 * @example
 * fastTest('greaterThan', 50)?.(120); // true
 */
export function fastTest(op: string, value: unknown): ((a: unknown) => boolean) | undefined {
  switch (op) {
    case 'equal':
      return (a) => a === value;
    case 'notEqual':
      return (a) => a !== value;
    case 'in':
    case 'notIn': {
      if (!Array.isArray(value)) return undefined;
      const list = value as unknown[];
      const want = op === 'in';
      // A Set hashes each string once instead of comparing it with every item. Set.has differs
      // from indexOf's === only for NaN, which indexOf never finds: then indexOf it is.
      if (list.length >= 3 && !list.some((x) => Number.isNaN(x))) {
        const set = new Set(list);
        return (a) => set.has(a) === want;
      }
      return (a) => list.indexOf(a) > -1 === want;
    }
    case 'greaterThan':
    case 'greaterThanInclusive':
    case 'lessThan':
    case 'lessThanInclusive': {
      if (typeof value !== 'number') return undefined;
      const b = value;
      // A number fact is "numeric" unless NaN, and NaN compares false: the check folds away.
      if (op === 'greaterThan') return (a: any) => (typeof a === 'number' ? a > b : numeric(a) && a > b);
      if (op === 'greaterThanInclusive') return (a: any) => (typeof a === 'number' ? a >= b : numeric(a) && a >= b);
      if (op === 'lessThan') return (a: any) => (typeof a === 'number' ? a < b : numeric(a) && a < b);
      return (a: any) => (typeof a === 'number' ? a <= b : numeric(a) && a <= b);
    }
    case 'contains':
    case 'doesNotContain': {
      const want = op === 'contains';
      return (a) => Array.isArray(a) && a.indexOf(value) > -1 === want;
    }
    case 'startsWith':
    case 'endsWith': {
      if (typeof value !== 'string') return undefined;
      return op === 'startsWith' ? (a) => typeof a === 'string' && a.startsWith(value) : (a) => typeof a === 'string' && a.endsWith(value);
    }
    case 'exists':
      return (a) => (a !== undefined && a !== null) === value;
    default:
      return undefined;
  }
}

/**
 * The leaf as one closure, or `undefined` when its shape is not specialised (the general path
 * then compiles it). `value` is the condition's literal value (never a fact reference); `item`
 * says the facts are a list item (any value) rather than the evaluation's facts (FACT_NAMES own).
 *
 * @example
 * fastLeaf('lead', ['seniority'], 'equal', 'vp', false)?.(factsOf({ lead: { seniority: 'vp' } }), { nowMs: 0 }); // true
 */
export function fastLeaf(fact: string, segs: readonly (string | number)[], op: string, value: unknown, item: boolean): Predicate | undefined {
  const test = fastTest(op, value);
  if (!test) return undefined;
  const read = fastRead(fact, segs, item);
  // Fenced like the general path's leaves: a getter or proxy in lead data may throw.
  return (f) => {
    try {
      return test(read(f));
    } catch {
      return false;
    }
  };
}

/**
 * all/any over compiled parts as loops (some/every would allocate a callback per evaluation);
 * one part is that part.
 *
 * @example
 * fastGroup([p, q], false); // holds when p and q hold
 */
export function fastGroup(ps: readonly Predicate[], any: boolean): Predicate {
  if (ps.length === 1) return ps[0]!;
  return any
    ? (f, x) => {
        for (let i = 0; i < ps.length; i++) if (ps[i]!(f, x)) return true;
        return false;
      }
    : (f, x) => {
        for (let i = 0; i < ps.length; i++) if (!ps[i]!(f, x)) return false;
        return true;
      };
}

