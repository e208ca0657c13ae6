// Conditions in words, for node faces and the inspector. The SDK's describeCondition is
// preferred once it exists (see engine.ts); this one keeps the editor readable meanwhile.
import type { Condition, CountValue, DistinctCountValue, Field, LeafCondition } from '@sluice/schemas';

const WORDS: Record<string, string> = {
  equal: 'is',
  notEqual: 'is not',
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
  in: 'is one of',
  notIn: 'is not one of',
  contains: 'contains',
  doesNotContain: 'does not contain',
  before: 'is before',
  after: 'is after',
  matches: 'matches',
  startsWith: 'starts with',
  endsWith: 'ends with',
};

/** The field key a leaf reads: `lead` + `$.company.size` → `lead.company.size`. */
export function leafKey(leaf: Pick<LeafCondition, 'fact' | 'path'>): string {
  const p = (leaf.path ?? '').replace(/^\$/, '');
  if (p === '') return leaf.fact;
  return p.startsWith('.') || p.startsWith('[') ? `${leaf.fact}${p}` : `${leaf.fact}.${p}`;
}

/** Splits a field key back into fact and path: `lead.title` → {fact:'lead', path:'$.title'}. */
export function splitKey(key: string): { fact: string; path?: string } {
  const i = key.search(/[.[]/);
  if (i < 0) return { fact: key };
  const rest = key.slice(i);
  return { fact: key.slice(0, i), path: `$${rest}` };
}

function fmt(v: unknown): string {
  if (Array.isArray(v)) return v.map(fmt).join(', ');
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function range(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return min === max ? `= ${min}` : `${min}–${max}`;
  if (min !== undefined) return `≥ ${min}`;
  if (max !== undefined) return `≤ ${max}`;
  return 'any number';
}

function leaf(c: LeafCondition, labels: Map<string, string>): string {
  const key = leafKey(c);
  const name = labels.get(key) ?? key;
  const v = c.value;
  switch (c.operator) {
    case 'exists':
      return `${name} ${v === false ? 'is not set' : 'is set'}`;
    case 'withinLastDays':
      return `${name} within last ${fmt(v)} days`;
    case 'notWithinLastDays':
      return `${name} not within last ${fmt(v)} days`;
    case 'matches':
      return `${name} matches /${fmt(v)}/`;
    case 'some':
      return `${name} has one where (${describe(v as Condition, labels)})`;
    case 'every':
      return `every ${name} has (${describe(v as Condition, labels)})`;
    case 'count': {
      const cv = (v ?? {}) as CountValue;
      const where = cv.where ? ` where ${describe(cv.where, labels)}` : '';
      const within = cv.withinDays !== undefined ? ` in last ${cv.withinDays} days` : '';
      return `count of ${name}${where}${within} ${range(cv.min, cv.max)}`;
    }
    case 'distinctCount': {
      const dv = (v ?? {}) as DistinctCountValue;
      const where = dv.where ? ` where ${describe(dv.where, labels)}` : '';
      return `distinct ${dv.field} of ${name}${where} ${range(dv.min, dv.max)}`;
    }
    default:
      return `${name} ${WORDS[c.operator] ?? c.operator} ${fmt(v)}`;
  }
}

function describe(c: Condition | undefined, labels: Map<string, string>): string {
  if (!c || typeof c !== 'object') return '—';
  if ('all' in c) {
    if (c.all.length === 0) return 'always';
    return c.all.map((x) => wrap(x, labels)).join(' and ');
  }
  if ('any' in c) {
    // json-rules-engine (and so the engine) holds an empty `any`, like an empty `all`.
    if (c.any.length === 0) return 'always';
    return c.any.map((x) => wrap(x, labels)).join(' or ');
  }
  if ('not' in c) return `not (${describe(c.not, labels)})`;
  return leaf(c, labels);
}

function wrap(c: Condition, labels: Map<string, string>): string {
  const s = describe(c, labels);
  return ('all' in c && c.all.length > 1) || ('any' in c && c.any.length > 1) ? `(${s})` : s;
}

/**
 * A condition in words, using the start node's field labels where they exist.
 *
 * @example
 * describeCondition({ fact: 'lead', path: '$.employees', operator: 'greaterThanInclusive', value: 50 })
 * // 'lead.employees ≥ 50'
 */
export function describeCondition(c: Condition | undefined, fields: readonly Field[] = []): string {
  const labels = new Map<string, string>();
  for (const f of fields) if (f.label) labels.set(f.key, f.label);
  return describe(c, labels);
}
