// Deterministic JSON: the same document always gives the same bytes, so git diffs of rule
// sets are small and hashes are stable.

// Keys people look for first; all others follow in code-point order.
const FIRST = ['$schema', 'schemaVersion', 'id', 'kind', 'name', 'label', 'description', 'version', 'hash'];
const rank = (k: string) => {
  const i = FIRST.indexOf(k);
  return i < 0 ? FIRST.length : i;
};
const byKey = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);

/** Copies plain JSON with keys in the stable order; drops undefined like JSON.stringify. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort(byKey)) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) Object.defineProperty(out, k, { value: sortKeys(x), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Serialises a flow, rule set or cases file the way Sluice writes files: stable key order,
 * two-space indent, trailing newline.
 *
 * @example
 * writeFileSync('lead-scoring.ruleset.json', stringifyDocument(ruleSet));
 */
export function stringifyDocument(doc: unknown): string {
  return `${JSON.stringify(sortKeys(doc), null, 2)}\n`;
}

/** Compact canonical form, used for content hashes. */
export function canonicalJson(doc: unknown): string {
  return JSON.stringify(sortKeys(doc));
}
