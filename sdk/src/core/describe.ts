// Conditions in words, for the editor's node cards and for people reading rule sets. Short over
// complete: long lists are cut, nested item conditions use symbols (`type = pricing_view`).
import type { Condition } from '@sluice/schemas';
import { formatPath } from './normalize.js';
import { parsePath } from './path.js';
import { isObject } from './util.js';

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


/** Field key → label (the start node's `label`s): `lead.budget` → `BANT: budget amount (USD)`. */
type Labels = ReadonlyMap<string, string>;

function name(fact: unknown, path: unknown, labels: Labels): string {
  const segs = parsePath(typeof path === 'string' ? path : '') ?? [String(path)];
  const key = String(fact) + formatPath(segs).slice(1);
  return labels.get(key) ?? key;
}

function show(v: unknown, compact: boolean, labels: Labels): string {
  if (isObject(v) && Object.hasOwn(v, 'fact')) return name(v.fact, v.path, labels);
  if (Array.isArray(v)) {
    const items = v.slice(0, 5).map((x) => show(x, compact, labels));
    return `[${items.join(', ')}${v.length > 5 ? `, … +${v.length - 5}` : ''}]`;
  }
  if (typeof v === 'string' && compact && /^[\w.@/-]+$/.test(v)) return v;
  return JSON.stringify(v) ?? String(v);
}

const range = (min: unknown, max: unknown) =>
  min !== undefined && max !== undefined ? ` between ${min} and ${max}` : min !== undefined ? ` ≥ ${min}` : max !== undefined ? ` ≤ ${max}` : '';

const NO_LABELS: Labels = new Map();
const groupOf = (c: unknown) => (isObject(c) ? (['any', 'all'] as const).find((k) => Object.hasOwn(c, k)) : undefined);

function describe(c: Obj, compact: boolean, labels: Labels): string {
  const group = groupOf(c);
  if (group) {
    const list = Array.isArray(c[group]) ? (c[group] as unknown[]) : [];
    // json-rules-engine (and so the engine) holds an empty any, like an empty all.
    if (list.length === 0) return 'always';
    const parts = list.map((s) => {
      if (!isObject(s)) return '?';
      const text = describe(s, compact, labels);
      const g = groupOf(s);
      return g && Array.isArray(s[g]) && s[g].length > 1 ? `(${text})` : text;
    });
    return parts.join(group === 'all' ? ' and ' : ' or ');
  }
  if (Object.hasOwn(c, 'not')) return `not (${isObject(c.not) ? describe(c.not, compact, labels) : '?'})`;
  const what = name(c.fact, c.path, labels);
  const op = String(c.operator);
  const v = c.value;
  // Item conditions read list items, not the start node's fields: no labels there.
  const sub = (w: unknown) => (isObject(w) ? ` (${describe(w, true, NO_LABELS)})` : '');
  switch (op) {
    case 'exists':
      return `${what} ${v === false ? 'does not exist' : 'exists'}`;
    case 'withinLastDays':
    case 'notWithinLastDays':
      return `${what} is ${op === 'withinLastDays' ? '' : 'not '}within the last ${show(v, compact, labels)} days`;
    case 'matches': {
      const flags = isObject(c.params) && typeof c.params.flags === 'string' ? c.params.flags : '';
      return `${what} matches /${String(v)}/${flags}`;
    }
    case 'some':
    case 'every':
      return `${op === 'some' ? 'some' : 'every'} ${what}${sub(v)}`;
    case 'count':
    case 'distinctCount': {
      const o = isObject(v) ? v : {};
      const head = op === 'count' ? `count of ${what}` : `distinct ${String(o.field)} of ${what}`;
      const days = o.withinDays !== undefined ? ` in last ${o.withinDays} days` : '';
      return `${head}${sub(o.where)}${days}${range(o.min, o.max)}`;
    }
  }
  const w = WORDS[op];
  return `${what} ${w ? w[compact ? 1 : 0] : op} ${show(v, compact, labels)}`;
}

/**
 * A condition in words, for people. `labels` (field key → label, e.g. from the start node's
 * fields) name the fields the way the flow's author did.
 *
 * @example
 * describeCondition({ fact: 'lead', path: '$.title', operator: 'equal', value: 'VP' });
 * // 'lead.title equals "VP"'
 * describeCondition({ all: [{ fact: 'lead', path: '$.budget', operator: 'greaterThanInclusive', value: 5000 }] },
 *   { labels: new Map([['lead.budget', 'Budget (USD)']]) });
 * // 'Budget (USD) ≥ 5000'
 * describeCondition({ fact: 'events', operator: 'count',
 *   value: { where: { fact: 'type', operator: 'equal', value: 'pricing_view' }, withinDays: 30, min: 3 } });
 * // 'count of events (type = pricing_view) in last 30 days ≥ 3'
 */
export function describeCondition(cond: Condition, opts: { labels?: ReadonlyMap<string, string> } = {}): string {
  return isObject(cond) ? describe(cond, false, opts.labels ?? NO_LABELS) : String(cond);
}
