// Conditions in json-rules-engine's format, compiled once into closures. Standard operators and
// all/any/not answer exactly what json-rules-engine 7 answers with allowUndefinedFacts (see
// test/differential); Sluice's operators are documented in docs/conditions.md.
import type { Condition } from '@sluice/schemas';
import { toEpochMs } from './dates.js';
import { OPS, PREP, VALUE_PROBLEM, daysProblem } from './operators.js';
import { getIn, parsePath } from './path.js';
import type { Facts, Issue, Predicate } from './types.js';
import { own } from './util.js';

type Obj = Record<string, unknown>;
type Read = (facts: Facts) => unknown;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: object, k: string) => Object.hasOwn(o, k);
const yes: Predicate = () => true;
const no: Predicate = () => false;
const ITEM_OPS = ['some', 'every', 'count', 'distinctCount'];
const LEAF_KEYS = ['fact', 'path', 'operator', 'value', 'params', 'name', 'priority'];
const PATH_HINT = 'is not a plain property path like $.company.employees or $.tags[0]';

/**
 * Whether a condition value names another fact (`{ fact, path? }`), as json-rules-engine reads it.
 * The values of some/every/count/distinctCount are never references.
 *
 * @example
 * isFactRef({ fact: 'account', path: '$.minEmployees' }); // true
 */
export function isFactRef(v: unknown): v is { fact: string; path?: string } {
  return isObj(v) && has(v, 'fact');
}

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
  const c = cond as unknown as Obj;
  // json-rules-engine looks for any, then all, then not; an empty any or all holds.
  if (has(c, 'any') || has(c, 'all')) {
    const any = has(c, 'any');
    const ps = ((any ? c.any : c.all) as Condition[]).map(compileCondition);
    if (ps.length === 0) return yes;
    return any ? (f, x) => ps.some((p) => p(f, x)) : (f, x) => ps.every((p) => p(f, x));
  }
  if (has(c, 'not')) {
    const p = compileCondition(c.not as Condition);
    return (f, x) => !p(f, x);
  }
  const op = c.operator as string;
  const read = reader(c.fact, c.path);
  const v = c.value;
  if (op === 'some' || op === 'every') {
    const sub = compileCondition(v as Condition);
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
  let value: Read;
  if (isFactRef(v)) {
    // A pattern read from lead data could be built to backtrack for ever: never run one.
    if (op === 'matches') return no;
    const ref = reader(v.fact, v.path);
    value = (f) => prep(ref(f), c.params);
  } else {
    const prepared = prep(v, c.params);
    value = () => prepared;
  }
  return guard((f, x) => test(read(f), value(f), x));
}

// count: items matching `where` (and dated within the last `withinDays` days); distinctCount:
// distinct non-null values of `field` among matching items. A missing list counts 0 items;
// something that is not a list is false.
function counter(op: string, read: Read, v: Obj): Predicate {
  const where = v.where === undefined ? yes : compileCondition(v.where as Condition);
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
  let p = isObj(key) ? cache.get(key) : undefined;
  if (!p) {
    p = conditionIssues(cond, '').length > 0 ? no : compileCondition(cond);
    if (isObj(key)) cache.set(key, p);
  }
  return p(facts, { nowMs: toEpochMs(opts?.now) ?? NaN });
}

const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/**
 * Everything wrong with a condition beyond what JSON Schema can say, each issue with a JSON
 * pointer below `pointer`: structure (the schema cannot reach inside some/every/count values),
 * unknown operators, unparsable paths, value shapes per operator, unsafe patterns.
 *
 * @example
 * conditionIssues({ fact: 'lead', operator: 'in', value: 'VP' }, '/condition');
 * // [{ path: '/condition/value', message: 'must be a list of values' }]
 */
export function conditionIssues(cond: unknown, pointer: string): Issue[] {
  const out: Issue[] = [];
  const bad = (path: string, message: string) => void out.push({ path, message });
  const keys = (o: Obj, p: string, allowed: readonly string[]) => {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) bad(`${p}/${esc(k)}`, 'is not a known property');
  };
  const path = (v: unknown, p: string) => {
    if (v !== undefined && (typeof v !== 'string' || !parsePath(v))) bad(p, PATH_HINT);
  };
  const walk = (c: unknown, p: string): void => {
    if (!isObj(c)) return bad(p, 'must be a condition: {all: [...]}, {any: [...]}, {not: {...}} or {fact, operator, value}');
    const group = ['any', 'all', 'not'].find((k) => has(c, k));
    if (group) {
      keys(c, p, [group, 'name', 'priority']);
      const sub = c[group];
      if (group === 'not') return walk(sub, `${p}/not`);
      if (!Array.isArray(sub)) return bad(`${p}/${group}`, 'must be a list of conditions');
      return sub.forEach((s, i) => walk(s, `${p}/${group}/${i}`));
    }
    keys(c, p, LEAF_KEYS);
    if (typeof c.fact !== 'string' || c.fact === '') bad(`${p}/fact`, 'must be a fact name');
    path(c.path, `${p}/path`);
    if (c.params !== undefined && !isObj(c.params)) bad(`${p}/params`, 'must be an object');
    const op = c.operator;
    const v = c.value;
    const pv = `${p}/value`;
    if (typeof op !== 'string' || !(has(VALUE_PROBLEM, op) || ITEM_OPS.includes(op))) bad(`${p}/operator`, `is not an operator: ${String(op)}`);
    else if (!has(c, 'value')) bad(pv, 'is required');
    else if (op === 'some' || op === 'every') walk(v, pv);
    else if (op === 'count' || op === 'distinctCount') counterIssues(v, pv, op === 'count');
    else if (isFactRef(v) && op !== 'matches') {
      if (typeof v.fact !== 'string' || v.fact === '') bad(`${pv}/fact`, 'must be a fact name');
      path(v.path, `${pv}/path`);
    } else {
      const problem = VALUE_PROBLEM[op]!(v);
      if (problem) bad(pv, isFactRef(v) ? 'must be a pattern: a fact reference cannot be checked for safety' : problem);
      const flags = isObj(c.params) ? c.params.flags : undefined;
      if (op === 'matches' && flags !== undefined && flags !== '' && flags !== 'i') bad(`${p}/params/flags`, 'may only be "i"');
    }
  };
  const counterIssues = (v: unknown, p: string, count: boolean) => {
    const allowed = count ? ['where', 'withinDays', 'dateField', 'min', 'max'] : ['field', 'where', 'min', 'max'];
    if (!isObj(v)) return bad(p, `must be {${allowed.map((k) => `${k}?`).join(', ')}}`.replace('field?', 'field'));
    keys(v, p, allowed);
    if (v.where !== undefined) walk(v.where, `${p}/where`);
    for (const k of ['min', 'max', 'withinDays']) {
      const m = allowed.includes(k) && v[k] !== undefined && daysProblem(v[k]);
      if (m) bad(`${p}/${k}`, k === 'withinDays' ? m : 'must be a number, 0 or more');
    }
    if (isNum(v.min) && isNum(v.max) && v.min > v.max) bad(`${p}/min`, 'is greater than max');
    if (count) path(v.dateField, `${p}/dateField`);
    else if (v.field === undefined) bad(`${p}/field`, 'is required');
    else path(v.field, `${p}/field`);
  };
  walk(cond, pointer);
  return out;
}

/** A leaf of a condition tree, where it is, and what it reads. */
export interface ConditionRef {
  fact: string;
  segments: (string | number)[];
  operator: string;
  value: unknown;
  pointer: string;
}

/**
 * Every leaf of the condition tree (through all/any/not, not into the item conditions of
 * some/every/count/distinctCount, which read array items rather than facts).
 *
 * @example
 * conditionRefs({ all: [{ fact: 'lead', path: '$.title', operator: 'equal', value: 'VP' }] }, '/c');
 * // [{ fact: 'lead', segments: ['title'], operator: 'equal', value: 'VP', pointer: '/c/all/0' }]
 */
export function conditionRefs(cond: Condition, pointer: string): ConditionRef[] {
  const c = cond as unknown as Obj;
  for (const k of ['any', 'all']) {
    if (has(c, k)) return (c[k] as Condition[]).flatMap((s, i) => conditionRefs(s, `${pointer}/${k}/${i}`));
  }
  if (has(c, 'not')) return conditionRefs(c.not as Condition, `${pointer}/not`);
  const segments = parsePath(typeof c.path === 'string' ? c.path : '') ?? [];
  return [{ fact: c.fact as string, segments, operator: c.operator as string, value: c.value, pointer }];
}
