// The browser bundles' shared-reads.ts: every condition reads its own fields (the general path).
import type { Condition } from '@sluice/schemas';
import type { Facts, Predicate } from './types.js';

export const SHARED_READS = false;

export function sharedReads(_conds: readonly Condition[], _general: (c: Condition) => Predicate): { load(f: Facts): void; holds: Predicate[] } | undefined {
  return undefined;
}
