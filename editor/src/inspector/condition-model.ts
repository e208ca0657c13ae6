// The condition builder's view of a condition: groups of children with a mode.
// `none` is json-rules-engine's {not: {any: [...]}}.
import type { Condition, LeafCondition } from '@sluice/schemas';

export type GroupMode = 'all' | 'any' | 'none';

export function isLeaf(c: Condition): c is LeafCondition {
  return 'fact' in c;
}

/** A group's mode and children, or null for a leaf. */
export function asGroup(c: Condition): { mode: GroupMode; children: Condition[] } | null {
  if ('all' in c) return { mode: 'all', children: c.all };
  if ('any' in c) return { mode: 'any', children: c.any };
  if ('not' in c) {
    const inner = c.not;
    return { mode: 'none', children: 'any' in inner ? inner.any : [inner] };
  }
  return null;
}

/** Builds a group condition. */
export function group(mode: GroupMode, children: Condition[]): Condition {
  if (mode === 'all') return { all: children };
  if (mode === 'any') return { any: children };
  return { not: { any: children } };
}

/** A new rule on the first field, with an operator and value that fit it. */
export function newLeaf(key: string | undefined): LeafCondition {
  const k = key ?? 'lead.title';
  const i = k.indexOf('.');
  return i < 0 ? { fact: k, operator: 'exists', value: true } : { fact: k.slice(0, i), path: `$${k.slice(i)}`, operator: 'exists', value: true };
}
