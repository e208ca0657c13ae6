// Turns a data source into the list of inputs the worker simulates: generated with the
// example generator (seeded, so the CLI can be fed the same leads), an uploaded NDJSON or
// CSV file read by the SDK's parser, or the runtime's stored leads.
import { DEFAULT_NOW, iterateLeads } from '../../../examples/data/generate.js';
import type { DataSource, DataSummary } from './protocol.js';
import { sliced } from './slices.js';

/** The example generator's evaluation time: its leads' dates are relative to it. */
export const GENERATED_NOW = DEFAULT_NOW;
/** Largest generated data set the editor offers (each lead with events takes ~4.5 KB of memory). */
export const MAX_GENERATED = 100_000;
const MAX_PROBLEMS = 100;

export interface LoadedData {
  key: string;
  inputs: unknown[];
  summary: DataSummary;
}

export interface LoadContext {
  onProgress: (done: number, total: number | null) => void;
  stopped: () => boolean;
  fetch: typeof fetch;
}

/**
 * Identifies a source: the same key means the inputs already loaded can be reused.
 *
 * @example
 * dataKey({ kind: 'generated', count: 1000, seed: 42 }) // 'generated:1000:42'
 */
export function dataKey(s: DataSource): string {
  switch (s.kind) {
    case 'generated':
      return `generated:${s.count}:${s.seed}`;
    case 'upload':
      return `upload:${s.file.name}:${s.file.size}:${s.file.lastModified}:${s.format}:${JSON.stringify(s.mapping)}`;
    case 'stored':
      return `stored:${s.ruleSet}:${s.limit}:${s.nonce}`;
  }
}

/** A short description of the source for the panel. */
export function dataLabel(s: DataSource): string {
  switch (s.kind) {
    case 'generated':
      return `${s.count.toLocaleString('en-US')} generated leads (seed ${s.seed})`;
    case 'upload':
      return s.file.name;
    case 'stored':
      return `stored leads of ${s.ruleSet}`;
  }
}

/**
 * Loads every input of a source. Resolves to null when stopped.
 *
 * @throws {Error} with a message for the panel when the source cannot be read at all.
 */
export async function loadData(source: DataSource, ctx: LoadContext): Promise<LoadedData | null> {
  const key = dataKey(source);
  const label = dataLabel(source);
  if (source.kind === 'generated') {
    if (!Number.isInteger(source.count) || source.count < 1 || source.count > MAX_GENERATED) throw new Error(`The size must be a whole number from 1 to ${MAX_GENERATED.toLocaleString('en-US')}.`);
    if (!Number.isInteger(source.seed)) throw new Error('The seed must be a whole number.');
    const inputs: unknown[] = new Array(source.count);
    const done = await sliced(iterateLeads({ count: source.count, seed: source.seed }), (lead, i) => void (inputs[i] = lead), {
      onSlice: (n) => ctx.onProgress(n, source.count),
      stopped: ctx.stopped,
    });
    return done ? { key, inputs, summary: { label, rows: inputs.length, problems: [], problemCount: 0, ownNow: true } } : null;
  }
  throw new Error(`${label}: this kind of data set cannot be read yet`);
}

/** Keeps the first MAX_PROBLEMS problems and counts the rest. */
export function problemList(): { add(row: number, message: string): void; summary(): Pick<DataSummary, 'problems' | 'problemCount'> } {
  const problems: DataSummary['problems'] = [];
  let problemCount = 0;
  return {
    add(row, message) {
      problemCount++;
      if (problems.length < MAX_PROBLEMS) problems.push({ row, message });
    },
    summary: () => ({ problems, problemCount }),
  };
}
