import { getIn, parsePath } from './path.js';
import type { Facts } from './types.js';
import { own } from './util.js';

/** Splits a reference such as `account.contacts` or `lead.tags[0]` into fact and path. */
export function parseRef(ref: string): { fact: string; segments: (string | number)[] } | null {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(.*)$/.exec(ref);
  if (!m) return null;
  const rest = m[2] ?? '';
  const segments = rest === '' ? [] : parsePath(`$${rest}`);
  return segments ? { fact: m[1]!, segments } : null;
}

/** Reads a reference from the facts, own properties only; never throws. */
export function readRef(facts: Facts, ref: { fact: string; segments: (string | number)[] }): unknown {
  return getIn(own(facts, ref.fact), ref.segments);
}
