// What can be wrong with a condition beyond what JSON Schema can say (compile, loadRuleSet and
// checkCondition ask), and where its leaves are (compile's field checks).
import type { Condition } from '@sluice/schemas';
import { VALUE_PROBLEM, daysProblem } from './operators.js';
import { parsePath } from './path.js';
import type { Issue } from './types.js';
import { isObject } from './util.js';

type Obj = Record<string, unknown>;

const has = (o: object, k: string) => Object.hasOwn(o, k);
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
  return isObject(v) && has(v, 'fact');
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
    if (!isObject(c)) return bad(p, 'must be a condition: {all: [...]}, {any: [...]}, {not: {...}} or {fact, operator, value}');
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
    if (c.params !== undefined && !isObject(c.params)) bad(`${p}/params`, 'must be an object');
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
      const flags = isObject(c.params) ? c.params.flags : undefined;
      if (op === 'matches' && flags !== undefined && flags !== '' && flags !== 'i') bad(`${p}/params/flags`, 'may only be "i"');
    }
  };
  const counterIssues = (v: unknown, p: string, count: boolean) => {
    const allowed = count ? ['where', 'withinDays', 'dateField', 'min', 'max'] : ['field', 'where', 'min', 'max'];
    if (!isObject(v)) return bad(p, `must be {${allowed.map((k) => `${k}?`).join(', ')}}`.replace('field?', 'field'));
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

/** The facts a reference inside an item condition reads from the evaluation, not the item. */
export const OUTER_FACTS: readonly string[] = ['lead', 'account', 'scores', 'vars'];

/** A fact reference used as a condition's value, where it is, and the operator it feeds. */
export interface ValueRef {
  fact: string;
  segments: (string | number)[];
  operator: string;
  /** JSON pointer of the reference (the leaf's `value`). */
  pointer: string;
}

/**
 * Every fact reference in a condition's values that reads the evaluation's facts: any reference
 * in a condition over the facts, and inside item conditions (some/every/count/distinctCount
 * values, or the whole condition when `item`) those to lead, account, scores and vars; other
 * references there read the item. For a condition that passed `conditionIssues`.
 *
 * @example
 * valueRefs({ fact: 'lead', path: '$.budget', operator: 'greaterThanInclusive', value: { fact: 'account', path: '$.minDeal' } }, '/c', false);
 * // [{ fact: 'account', segments: ['minDeal'], operator: 'greaterThanInclusive', pointer: '/c/value' }]
 */
export function valueRefs(cond: Condition, pointer: string, item: boolean): ValueRef[] {
  const out: ValueRef[] = [];
  const walk = (c: Obj, p: string, inItem: boolean): void => {
    for (const k of ['any', 'all']) if (has(c, k)) return (c[k] as Obj[]).forEach((s, i) => walk(s, `${p}/${k}/${i}`, inItem));
    if (has(c, 'not')) return walk(c.not as Obj, `${p}/not`, inItem);
    const op = c.operator as string;
    const v = c.value;
    if (op === 'some' || op === 'every') return walk(v as Obj, `${p}/value`, true);
    if (op === 'count' || op === 'distinctCount') {
      const where = (v as Obj).where;
      return where === undefined ? undefined : walk(where as Obj, `${p}/value/where`, true);
    }
    if (!isFactRef(v) || (inItem && !OUTER_FACTS.includes(v.fact))) return;
    out.push({ fact: v.fact, segments: parsePath(v.path ?? '') ?? [], operator: op, pointer: `${p}/value` });
  };
  walk(cond as unknown as Obj, pointer, item);
  return out;
}
