// Turns a data source into the inputs the worker simulates: generated with the SDK's synthetic
// generator (seeded, so the CLI can be fed the same leads), or an uploaded NDJSON or CSV file
// read by the SDK's data-set readers (bad rows named by number and skipped), or the runtime's
// stored leads with their events (GET /v1/export/leads, page by page, as NDJSON).
//
// Generated leads are made anew on every pass rather than held: holding 100,000 of them (≈ 750
// MB of objects) cost three times as long as making them — every young-generation collection
// copied the leads made so far — while leads used once and dropped die young and cost nothing
// to collect. The first KEPT_GENERATED leads are held for the lead lists once a pass in this
// thread made them; another one is made again (from the start of its block) when asked for.
import { LEAD_BLOCK, SYNTHETIC_NOW, createCsvDataSetReader, createNdjsonReader, iterateLeads, type DataSetReader } from '@sluice/sdk';
import type { DataSource, DataSummary } from './protocol.js';
import { yieldToEvents } from './slices.js';

/** The generator's evaluation time: its leads' dates are relative to it. */
export const GENERATED_NOW = SYNTHETIC_NOW;
/** Largest generated data set the editor offers. */
export const MAX_GENERATED = 100_000;
/** Generated leads held after a pass for the lead lists (≈ 7.5 KB each); later ones are made again. */
export const KEPT_GENERATED = 2_000;

export interface LoadedData {
  key: string;
  /** How many inputs. */
  size: number;
  /** The inputs in order: the ones held, or (generated) made anew. */
  inputs(): Iterable<unknown>;
  /** The inputs at these indexes (undefined for an index out of range), in the order asked. */
  pick(indices: number[]): unknown[];
  /** Per input, its row (line) in the file, for error messages; absent for generated data. */
  rows: number[] | null;
  summary: DataSummary;
}

/** A data set held in memory (a file, the stored leads). */
function held(key: string, inputs: unknown[], rows: number[], summary: DataSummary): LoadedData {
  return { key, size: inputs.length, inputs: () => inputs, pick: (indices) => indices.map((i) => inputs[i]), rows, summary };
}

/** Generated leads, made on each pass; the first KEPT_GENERATED held once made. */
function generated(key: string, count: number, seed: number, summary: DataSummary): LoadedData {
  const kept: unknown[] = [];
  const make = () => iterateLeads({ count, seed });
  return {
    key,
    size: count,
    rows: null,
    summary,
    *inputs() {
      let i = 0;
      for (const lead of make()) {
        if (i++ === kept.length && kept.length < KEPT_GENERATED) kept.push(lead);
        yield lead;
      }
    },
    pick(indices) {
      const ok = (i: number) => Number.isInteger(i) && i >= 0 && i < count;
      const want = [...new Set(indices.filter((i) => ok(i) && i >= kept.length))].sort((a, b) => a - b);
      const more = new Map<number, unknown>();
      // Per block asked for, one pass from its first index asked for to its last (the generator
      // starts any block on its own, so a lead costs at most the block before it).
      for (let k = 0; k < want.length; ) {
        const block = Math.floor(want[k]! / LEAD_BLOCK);
        let j = k;
        while (j + 1 < want.length && Math.floor(want[j + 1]! / LEAD_BLOCK) === block) j++;
        const inBlock = new Set(want.slice(k, j + 1));
        let i = want[k]!;
        for (const lead of iterateLeads({ count: want[j]! + 1, seed, from: i })) {
          if (inBlock.has(i)) more.set(i, lead);
          i++;
        }
        k = j + 1;
      }
      return indices.map((i) => (!ok(i) ? undefined : i < kept.length ? kept[i] : more.get(i)));
    },
  };
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
    return generated(key, source.count, source.seed, { label, rows: source.count, problems: [], problemCount: 0, ownNow: true });
  }
  if (source.kind === 'upload') {
    const reader = source.format === 'csv' ? createCsvDataSetReader(source.fields, source.mapping) : createNdjsonReader();
    const read = await readAll(source.file.stream(), reader, ctx, { inputs: [], rows: [] }, true);
    if (!read) return null;
    return held(key, read.inputs, read.rows, summarise(label, read, reader));
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
  return held(dataKey(source), all.inputs, all.rows, summarise(label, all, reader));
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
