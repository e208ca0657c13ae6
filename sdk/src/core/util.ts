/** Rounds to 2 decimals, half away from zero; 1e-9 absorbs binary error (1.005 → 1.01). */
export function round2(x: number): number {
  if (!Number.isFinite(x)) return 0;
  const r = Math.round(Math.abs(x) * 100 + 1e-9) / 100;
  return x < 0 ? -r : r;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own property or undefined: lead data never reaches a prototype. */
export function own(o: unknown, k: string): unknown {
  return typeof o === 'object' && o !== null && Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined;
}

/**
 * A JSON-safe deep copy with bounds, for values copied from lead data into a result:
 * arrays cut to `maxItems`, depth to 8; functions, cycles and non-finite numbers dropped.
 */
export function copyJson(v: unknown, maxItems = 20, depth = 0): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'object' || depth > 8) return undefined;
  if (Array.isArray(v)) return v.slice(0, maxItems).map((x) => copyJson(x, maxItems, depth + 1) ?? null);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = copyJson((v as Record<string, unknown>)[k], maxItems, depth + 1);
    if (x === undefined) continue;
    // Plain assignment is much faster; only `__proto__` needs defining, or it would set the prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    else out[k] = x;
  }
  return out;
}
