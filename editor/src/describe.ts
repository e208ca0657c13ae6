// Conditions in words for node faces (the SDK's describeCondition, with the flow's field
// labels), and the field keys the inspector's condition builder works with.
import type { Condition, Field, LeafCondition } from '@sluice/schemas';
import { describeConditionWith } from './engine.js';

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

/**
 * A condition in words (the SDK's describeCondition), naming fields by the start node's labels.
 *
 * @example
 * describeCondition({ fact: 'lead', path: '$.budget', operator: 'greaterThanInclusive', value: 5000 },
 *   [{ key: 'lead.budget', type: 'number', label: 'Budget (USD)' }]);
 * // 'Budget (USD) ≥ 5000'
 */
export function describeCondition(c: Condition | undefined, fields: readonly Field[] = []): string {
  if (c === undefined) return '—';
  const labels = new Map<string, string>();
  for (const f of fields) if (f.label) labels.set(f.key, f.label);
  return describeConditionWith(c, { labels });
}
