// Conditions in words, for node cards in the editor and for traces. Short over complete:
// long lists are cut, nested item conditions use symbols (`type = pricing_view`).
import type { Condition } from '@sluice/schemas';
import { formatPath } from './normalize.js';
import { parsePath } from './path.js';

type Obj = Record<string, unknown>;

const WORDS: Record<string, [string, string]> = {
  // operator: [words, compact form inside an item condition]
  equal: ['equals', '='],
  notEqual: ['does not equal', '≠'],
  lessThan: ['<', '<'],
  lessThanInclusive: ['≤', '≤'],
  greaterThan: ['>', '>'],
  greaterThanInclusive: ['≥', '≥'],
  in: ['is one of', 'in'],
  notIn: ['is not one of', 'not in'],
  contains: ['contains', 'contains'],
  doesNotContain: ['does not contain', 'does not contain'],
  before: ['is before', 'before'],
  after: ['is after', 'after'],
  matches: ['matches', 'matches'],
  startsWith: ['starts with', 'starts with'],
  endsWith: ['ends with', 'ends with'],
};

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function name(fact: unknown, path: unknown): string {
  const segs = parsePath(typeof path === 'string' ? path : '') ?? [String(path)];
  return String(fact) + formatPath(segs).slice(1);
}

function show(v: unknown, compact: boolean): string {
  if (isObj(v) && Object.hasOwn(v, 'fact')) return name(v.fact, v.path);
  if (Array.isArray(v)) {
    const items = v.slice(0, 5).map((x) => show(x, compact));
    return `[${items.join(', ')}${v.length > 5 ? `, … +${v.length - 5}` : ''}]`;
  }
  if (typeof v === 'string' && compact && /^[\w.@/-]+$/.test(v)) return v;
  return JSON.stringify(v) ?? String(v);
}

const range = (min: unknown, max: unknown) =>
  min !== undefined && max !== undefined ? ` between ${min} and ${max}` : min !== undefined ? ` ≥ ${min}` : max !== undefined ? ` ≤ ${max}` : '';

function describe(c: Obj, compact: boolean): string {
  for (const k of ['any', 'all'] as const) {
    if (Object.hasOwn(c, k)) {
      const parts = Array.isArray(c[k]) ? c[k].map((s: unknown) => (isObj(s) ? describe(s, compact) : '?')) : [];
      return `${k} of (${parts.join(', ')})`;
    }
  }
  if (Object.hasOwn(c, 'not')) return `not (${isObj(c.not) ? describe(c.not, compact) : '?'})`;
  const what = name(c.fact, c.path);
  const op = String(c.operator);
  const v = c.value;
  const sub = (w: unknown) => (isObj(w) ? ` (${describe(w, true)})` : '');
  switch (op) {
    case 'exists':
      return `${what} ${v === false ? 'does not exist' : 'exists'}`;
    case 'withinLastDays':
    case 'notWithinLastDays':
      return `${what} is ${op === 'withinLastDays' ? '' : 'not '}within the last ${show(v, compact)} days`;
    case 'matches': {
      const flags = isObj(c.params) && typeof c.params.flags === 'string' ? c.params.flags : '';
      return `${what} matches /${String(v)}/${flags}`;
    }
    case 'some':
    case 'every':
      return `${op === 'some' ? 'some' : 'every'} ${what}${sub(v)}`;
    case 'count':
    case 'distinctCount': {
      const o = isObj(v) ? v : {};
      const head = op === 'count' ? `count of ${what}` : `distinct ${String(o.field)} of ${what}`;
      const days = o.withinDays !== undefined ? ` in last ${o.withinDays} days` : '';
      return `${head}${sub(o.where)}${days}${range(o.min, o.max)}`;
    }
  }
  const w = WORDS[op];
  return `${what} ${w ? w[compact ? 1 : 0] : op} ${show(v, compact)}`;
}

/**
 * A condition in words, for people.
 *
 * @example
 * describeCondition({ fact: 'lead', path: '$.title', operator: 'equal', value: 'VP' });
 * // 'lead.title equals "VP"'
 * describeCondition({ fact: 'events', operator: 'count',
 *   value: { where: { fact: 'type', operator: 'equal', value: 'pricing_view' }, withinDays: 30, min: 3 } });
 * // 'count of events (type = pricing_view) in last 30 days ≥ 3'
 */
export function describeCondition(cond: Condition): string {
  return isObj(cond) ? describe(cond, false) : String(cond);
}
