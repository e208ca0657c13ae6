// Turns a data source into the list of inputs the worker simulates: generated with the SDK's
// synthetic generator (seeded, so the CLI can be fed the same leads), or an uploaded NDJSON or
// CSV file read by the SDK's data-set readers (bad rows named by number and skipped), or the
// runtime's stored leads with their events (GET /v1/export/leads, page by page, as NDJSON).
import { SYNTHETIC_NOW, createCsvDataSetReader, createNdjsonReader, iterateLeads, type DataSetReader } from '@sluice/sdk';
import type { DataSource, DataSummary } from './protocol.js';
import { sliced, yieldToEvents } from './slices.js';

/** The generator's evaluation time: its leads' dates are relative to it. */
export const GENERATED_NOW = SYNTHETIC_NOW;
/** Largest generated data set the editor offers (a lead with its events and account takes ~4.5 KB of memory). */
export const MAX_GENERATED = 100_000;

export interface LoadedData {
  key: string;
  inputs: unknown[];
  /** Per input, its row (line) in the file, for error messages; absent for generated data. */
  rows: number[] | null;
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
      // A CSV's inputs depend on its mapping and on the start node's fields (their types).
      return `upload:${s.file.name}:${s.file.size}:${s.file.lastModified}:${s.format}${s.format === 'csv' ? `:${JSON.stringify(s.mapping)}:${JSON.stringify(s.fields)}` : ''}`;
    case 'stored':
      // Stored leads change: each "Simulate" click fetches them again (the nonce), an edit reuses them.
      return `stored:${s.limit}:${s.nonce}`;
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
      return "the runtime's stored leads";
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
    return done ? { key, inputs, rows: null, summary: { label, rows: inputs.length, problems: [], problemCount: 0, ownNow: true } } : null;
  }
  if (source.kind === 'upload') {
    const reader = source.format === 'csv' ? createCsvDataSetReader(source.fields, source.mapping) : createNdjsonReader();
    const read = await readAll(source.file.stream(), reader, ctx, { inputs: [], rows: [] }, true);
    if (!read) return null;
    return { key, ...read, summary: summarise(label, read, reader) };
  }
  return loadStored(source, label, ctx);
}

/** Export pages asked for: large enough to need few requests, small enough to show progress. */
export const EXPORT_PAGE = 5000;

async function loadStored(source: Extract<DataSource, { kind: 'stored' }>, label: string, ctx: LoadContext): Promise<LoadedData | null> {
  // One reader over every page: row numbers run on across pages, as in one exported file.
  const reader = createNdjsonReader();
  const all: Read = { inputs: [], rows: [] };
  let after = '';
  while (all.inputs.length < source.limit) {
    const limit = Math.min(EXPORT_PAGE, source.limit - all.inputs.length);
    const res = await ctx.fetch(`/v1/export/leads?limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`, { headers: source.key ? { authorization: `Bearer ${source.key}` } : {} });
    if (!res.ok || !res.body) throw new Error(`The runtime did not send its stored leads (${await errorText(res)}).`);
    const page = await readAll(res.body, reader, ctx, all, false);
    if (!page) return null;
    after = res.headers.get('x-next-cursor') ?? '';
    if (!after) break;
  }
  for (const r of reader.end()) {
    all.inputs.push(r.input);
    all.rows.push(r.row);
  }
  return { key: dataKey(source), inputs: all.inputs, rows: all.rows, summary: summarise(label, all, reader) };
}

async function errorText(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    return `${res.status}: ${body.error?.message ?? res.statusText}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

type Read = { inputs: unknown[]; rows: number[] };

/**
 * Streams text through a data-set reader into `into`, yielding between chunks. Null when
 * stopped. `end`: the text ends here (a file; an export page ends the reader only at the last).
 */
async function readAll(stream: ReadableStream<Uint8Array>, reader: DataSetReader, ctx: LoadContext, into: Read, end: boolean): Promise<Read | null> {
  const { inputs, rows } = into;
  const take = (got: ReturnType<DataSetReader['push']>) => {
    for (const r of got) {
      inputs.push(r.input);
      rows.push(r.row);
    }
  };
  const text = stream.pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await text.read();
    if (done) break;
    take(reader.push(value));
    ctx.onProgress(inputs.length, null);
    await yieldToEvents();
    if (ctx.stopped()) {
      void text.cancel();
      return null;
    }
  }
  if (end) take(reader.end());
  return into;
}

function summarise(label: string, read: Read, reader: DataSetReader): DataSummary {
  const out: DataSummary = { label, rows: read.inputs.length, problems: reader.bad.rows.map((r) => ({ ...r })), problemCount: reader.bad.count, ownNow: false };
  if (reader.mapping) out.columns = reader.mapping.map((m) => ({ column: m.column, key: m.key, by: m.by }));
  return out;
}
