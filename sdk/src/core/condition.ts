// Conditions in json-rules-engine's format, compiled once into closures. Standard operators and
// all/any/not answer exactly what json-rules-engine 7 answers with allowUndefinedFacts (see
// test/differential); Sluice's operators are documented in docs/conditions.md.
import type { Condition } from '@sluice/schemas';
import { conditionIssues, isFactRef, OUTER_FACTS } from './condition-issues.js';
import { toEpochMs } from './dates.js';
import { FAST, fastGroup, fastLeaf } from './leaf-fast.js';
import { OPS, PREP } from './operators.js';
import { getIn, parsePath } from './path.js';
import type { EvalContext, Facts, Predicate } from './types.js';
import { isObject, own } from './util.js';

export { isFactRef } from './condition-issues.js';

type Obj = Record<string, unknown>;
type Read = (facts: Facts) => unknown;

const has = (o: object, k: string) => Object.hasOwn(o, k);
const yes: Predicate = () => true;
const no: Predicate = () => false;

// json-rules-engine applies a path only to an object fact; any other fact comes back whole.
function reader(fact: unknown, path: unknown): Read {
  const segs = parsePath(typeof path === 'string' ? path : '') ?? [];
  return (facts) => {
    const v = own(facts, fact as string);
    return segs.length > 0 && typeof v === 'object' && v !== null ? getIn(v, segs) : v;
  };
}

// A leaf never throws: `<` on an object without a prototype does in JS, so every leaf is fenced.
const guard =
  (p: Predicate): Predicate =>
  (f, x) => {
    try {
      return p(f, x) === true;
    } catch {
      return false;
    }
  };

/**
 * Compiles a condition (one that passed `conditionIssues`) into a predicate over facts. Regexes,
 * paths and literal dates are prepared here, once. The predicate never throws: data of the wrong
 * type makes a leaf false. Inside some/every/count/distinctCount each array item is the facts.
 *
 * @example
 * const hot = compileCondition({ fact: 'lead', path: '$.title', operator: 'matches', value: '^vp', params: { flags: 'i' } });
 * hot({ lead: { title: 'VP Sales' } }, { nowMs: Date.UTC(2024, 0, 1) }); // true
 */
export function compileCondition(cond: Condition): Predicate {
  return compileIn(cond, false);
}

/**
 * Compiles a condition over one item of a list (an event, a contact): its leaves read the item,
 * and fact references to lead, account, scores and vars read the evaluation's facts.
 *
 * @example
 * const afterReapproach = compileItemCondition({ fact: 'at', operator: 'after', value: { fact: 'lead', path: '$.reapproachAt' } });
 */
export function compileItemCondition(cond: Condition): Predicate {
  return compileIn(cond, true);
}

function compileIn(cond: Condition, item: boolean): Predicate {
  const c = cond as unknown as Obj;
  // json-rules-engine looks for any, then all, then not; an empty any or all holds.
  if (has(c, 'any') || has(c, 'all')) {
    const any = has(c, 'any');
    const ps = ((any ? c.any : c.all) as Condition[]).map((s) => compileIn(s, item));
    if (ps.length === 0) return yes;
    return (FAST && fastGroup(ps, any)) || (any ? (f, x) => ps.some((p) => p(f, x)) : (f, x) => ps.every((p) => p(f, x)));
  }
  if (has(c, 'not')) {
    const p = compileIn(c.not as Condition, item);
    return (f, x) => !p(f, x);
  }
  const op = c.operator as string;
  const read = reader(c.fact, c.path);
  const v = c.value;
  if (op === 'some' || op === 'every') {
    const sub = compileIn(v as Condition, true);
    const some = op === 'some';
    return guard((f, x) => {
      const a = read(f);
      return Array.isArray(a) && (some ? a.some((it) => sub(it as Facts, x)) : a.every((it) => sub(it as Facts, x)));
    });
  }
  if (op === 'count' || op === 'distinctCount') return guard(counter(op, read, v as Obj));
  const test = has(OPS, op) ? OPS[op]! : undefined;
  if (!test) return no;
  const prep = has(PREP, op) ? PREP[op]! : (x: unknown) => x;
  let value: (f: Facts, x: EvalContext) => unknown;
  if (isFactRef(v)) {
    // A pattern read from lead data could be built to backtrack for ever: never run one.
    if (op === 'matches') return no;
    const ref = reader(v.fact, v.path);
    // reader() reads nothing from missing facts (compileCondition used without evaluate's ctx).
    const outer = item && OUTER_FACTS.includes(v.fact);
    value = (f, x) => prep(ref(outer ? x.facts! : f), c.params);
  } else {
    if (FAST) {
      const fast = fastLeaf(c.fact as string, parsePath(typeof c.path === 'string' ? c.path : '') ?? [], op, v, item);
      if (fast) return fast;
    }
    const prepared = prep(v, c.params);
    value = () => prepared;
  }
  return guard((f, x) => test(read(f), value(f, x), x));
}

// count: items matching `where` (and dated within the last `withinDays` days); distinctCount:
// distinct non-null values of `field` among matching items. A missing list counts 0 items;
// something that is not a list is false.
function counter(op: string, read: Read, v: Obj): Predicate {
  const where = v.where === undefined ? yes : compileIn(v.where as Condition, true);
  const days = v.withinDays;
  const date = parsePath((v.dateField as string | undefined) ?? 'at') ?? [];
  const field = op === 'distinctCount' ? (parsePath(v.field as string) ?? []) : undefined;
  const min = typeof v.min === 'number' ? v.min : -Infinity;
  const max = typeof v.max === 'number' ? v.max : Infinity;
  return (f, x) => {
    const a = read(f) ?? [];
    if (!Array.isArray(a)) return false;
    const seen = new Set<unknown>();
    let n = 0;
    for (let i = 0; i < a.length; i++) {
      const it: unknown = a[i];
      if (!where(it as Facts, x) || (days !== undefined && !OPS.withinLastDays!(getIn(it, date), days, x))) continue;
      if (!field) n++;
      else {
        const k = getIn(it, field);
        if (k !== undefined && k !== null) seen.add(k);
      }
    }
    if (field) n = seen.size;
    return n >= min && n <= max;
  };
}

const cache = new WeakMap<object, Predicate>();

/**
 * Compiles (once per condition object) and runs a condition. A condition with issues never
 * holds. Relative-date operators need `now` (ISO string or epoch ms): the engine has no clock.
 *
 * @example
 * checkCondition({ all: [{ fact: 'lead', path: '$.employees', operator: 'greaterThan', value: 50 }] }, { lead: { employees: 120 } }); // true
 */
export function checkCondition(cond: Condition, facts: Facts, opts: { now?: string | number } = {}): boolean {
  const key = cond as unknown;
  let p = isObject(key) ? cache.get(key) : undefined;
  if (!p) {
    p = conditionIssues(cond, '').length > 0 ? no : compileCondition(cond);
    if (isObject(key)) cache.set(key, p);
  }
  const f = factsOf(facts);
  return p(f, { nowMs: toEpochMs(opts?.now) ?? NaN, facts: f });
}

/** The facts every evaluation has, always own properties of the facts a condition is given. */
export const FACT_NAMES = ['lead', 'account', 'events', 'scores', 'vars'] as const;

/**
 * A copy of caller-given facts with the five facts as own properties (undefined when missing),
 * as evaluate makes them: compiled leaves read those by name. Own properties are copied as they
 * are (a getter stays a getter, `__proto__` stays data), so every leaf reads what it would have.
 *
 * @example
 * factsOf({ lead: { title: 'VP' } }).account; // undefined, an own property
 */
export function factsOf(facts: unknown): Facts {
  const out: Facts = {};
  for (const k of FACT_NAMES) out[k] = undefined;
  try {
    if (isObject(facts)) Object.defineProperties(out, Object.getOwnPropertyDescriptors(facts));
  } catch {
    // A proxy that refuses to list its keys: its facts read as missing.
  }
  return out;
}
