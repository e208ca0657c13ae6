// The data set the user picked, as the panel keeps it (and remembers it per rule set), and
// how it becomes a source for the worker.
import { GENERATED_NOW, MAX_GENERATED } from './datasets.js';
import type { Field } from '@sluice/schemas';
import type { DataSource, ExplicitMapping } from './protocol.js';

export type DataChoice =
  | { kind: 'generated'; count: number; seed: number }
  | { kind: 'upload'; file: File | null; format: 'ndjson' | 'csv'; mapping: ExplicitMapping }
  | { kind: 'stored'; limit: number };

export const SIZES = [1_000, 10_000, 50_000, MAX_GENERATED] as const;
export const DEFAULT_CHOICE: DataChoice = { kind: 'generated', count: 10_000, seed: 42 };
export const STORED_LIMIT = 100_000;

const KEY = (id: string) => `sluice.simulate.${id}`;
const MAPPING_KEY = (id: string) => `sluice.simulate.mapping.${id}`;

/** The choice last used for this rule set (a file cannot be remembered, its format can). */
export function rememberedChoice(storage: Storage, ruleSetId: string): DataChoice {
  try {
    const c = JSON.parse(storage.getItem(KEY(ruleSetId)) ?? 'null') as Partial<{ kind: string; count: number; seed: number; format: string }> | null;
    if (c?.kind === 'generated' && Number.isInteger(c.count) && Number.isInteger(c.seed)) return { kind: 'generated', count: c.count as number, seed: c.seed as number };
    if (c?.kind === 'upload') return { kind: 'upload', file: null, format: c.format === 'csv' ? 'csv' : 'ndjson', mapping: rememberedMapping(storage, ruleSetId) };
    if (c?.kind === 'stored') return { kind: 'stored', limit: STORED_LIMIT };
  } catch {
    // a damaged entry: start from the default
  }
  return DEFAULT_CHOICE;
}

export function rememberChoice(storage: Storage, ruleSetId: string, c: DataChoice): void {
  const plain = c.kind === 'generated' ? c : c.kind === 'upload' ? { kind: c.kind, format: c.format } : { kind: c.kind };
  storage.setItem(KEY(ruleSetId), JSON.stringify(plain));
  if (c.kind === 'upload' && c.format === 'csv') storage.setItem(MAPPING_KEY(ruleSetId), JSON.stringify(c.mapping));
}

/** The CSV column choices last used for this rule set (column → field key, `-` skips). */
export function rememberedMapping(storage: Storage, ruleSetId: string): ExplicitMapping {
  const out: ExplicitMapping = {};
  try {
    const m = JSON.parse(storage.getItem(MAPPING_KEY(ruleSetId)) ?? 'null') as unknown;
    if (typeof m !== 'object' || m === null || Array.isArray(m)) return out;
    for (const [k, v] of Object.entries(m)) if (typeof v === 'string') out[k] = v;
  } catch {
    // a damaged entry: the SDK's default mapping
  }
  return out;
}

/** The format a file name suggests. */
export function formatOf(name: string): 'ndjson' | 'csv' {
  return /\.(csv|tsv|txt)$/i.test(name) ? 'csv' : 'ndjson';
}

/**
 * The worker's source for a choice, or the reason it cannot run yet.
 *
 * @example
 * toSource({ kind: 'generated', count: 1000, seed: 7 }, ctx) // { kind: 'generated', count: 1000, seed: 7 }
 */
export function toSource(c: DataChoice, ctx: { ruleSetId: string; key: string | null; nonce: number; fields: Field[] }): DataSource | string {
  if (c.kind === 'generated') {
    if (!Number.isInteger(c.count) || c.count < 1 || c.count > MAX_GENERATED) return `Pick a size from 1 to ${MAX_GENERATED.toLocaleString('en-US')}.`;
    return { kind: 'generated', count: c.count, seed: Number.isInteger(c.seed) ? c.seed : 42 };
  }
  if (c.kind === 'upload') return c.file ? { kind: 'upload', file: c.file, format: c.format, mapping: c.mapping, fields: ctx.fields } : 'Choose an NDJSON or CSV file first.';
  return { kind: 'stored', key: ctx.key, limit: c.limit, nonce: ctx.nonce };
}

/** The `now` a choice suggests: the generator's fixed time, else the present minute. */
export function defaultNow(c: DataChoice, present: Date): string {
  return c.kind === 'generated' ? GENERATED_NOW : `${present.toISOString().slice(0, 16)}:00Z`;
}
