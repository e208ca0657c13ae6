// Where `sluice simulate` and `sluice impact` get their leads: a file (NDJSON or CSV, read in
// 1 MB chunks, so memory stays flat however long it is) or the synthetic generator. Each input
// reaches `onInput` with its row; bad rows are skipped and counted. NDJSON is read as Buffers
// of whole lines (ndjson-chunks.ts); CSV through the SDK's reader.
import { createReadStream } from 'node:fs';
import type { Field } from '@sluice/schemas';
import { badRowLog, createCsvDataSetReader, iterateLeads, toEpochMs, type ColumnMapping, type DataSetReader } from '@sluice/sdk';
import { CliError, EXIT, FileError, UsageError } from './errors.js';
import { chunkText, eachInput, lineChunks } from './ndjson-chunks.js';

export type DataSetFormat = 'ndjson' | 'csv';

export interface DataSetSummary {
  /** The file, or `generated` for the synthetic leads. */
  source: string;
  format: DataSetFormat | 'generated';
  /** Inputs read. */
  rows: number;
  /** Rows skipped, the first 100 with the reason. */
  skipped: { count: number; rows: { row: number; message: string }[] };
  /** CSV: where each column went. */
  mapping?: { column: string; field: string | null; by: ColumnMapping['by'] }[];
  seed?: number;
}

/** The format from --format or the file name: .csv is CSV, .ndjson/.jsonl/.json NDJSON. */
export function formatOf(file: string, given: string | undefined): DataSetFormat {
  if (given !== undefined) {
    if (given !== 'csv' && given !== 'ndjson') throw new UsageError(`--format is csv or ndjson, not ${given}`);
    return given;
  }
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(ndjson|jsonl|json)$/i.test(file)) return 'ndjson';
  throw new UsageError(`cannot tell the format of ${file}: name it *.csv or *.ndjson, or give --format csv|ndjson`);
}

/** A UsageError unless --now (when given) is a date the engine reads. */
export function checkNow(now: string | undefined): void {
  if (now !== undefined && toEpochMs(now) === undefined) throw new UsageError(`--now must be a date and time such as 2026-01-31T12:00:00Z, got "${now}"`);
}

/** `--map col=field` values → { col: field }. */
export function parseMappings(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.lastIndexOf('=');
    if (i <= 0) throw new UsageError(`--map takes column=field (e.g. --map "Headcount=account.employees"), not ${v}`);
    const column = v.slice(0, i).trim();
    Object.defineProperty(out, column, { value: v.slice(i + 1).trim(), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Streams a data-set file into `onInput`.
 * @throws {FileError} when the file cannot be read; {CliError} (exit 2) for a CSV header the
 * mapping does not fit.
 */
export async function readDataSetFile(
  file: string,
  format: DataSetFormat,
  fields: Field[],
  mapping: Record<string, string>,
  onInput: (input: Record<string, unknown>, row: number) => void,
): Promise<DataSetSummary> {
  if (format === 'ndjson') return readNdjsonFile(file, onInput);
  const reader: DataSetReader = createCsvDataSetReader(fields, mapping);
  let rows = 0;
  const take = (list: ReturnType<DataSetReader['push']>) => {
    for (const r of list) {
      rows++;
      onInput(r.input, r.row);
    }
  };
  try {
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) take(reader.push(chunk as string));
    take(reader.end());
  } catch (e) {
    // The stream fails on its first read when the file is missing or unreadable.
    if ((e as NodeJS.ErrnoException).code) throw new FileError(file, e as NodeJS.ErrnoException);
    throw new CliError(`${file}: ${(e as Error).message}`, EXIT.usage);
  }
  const summary: DataSetSummary = { source: file, format, rows, skipped: { count: reader.bad.count, rows: reader.bad.rows } };
  if (reader.mapping) summary.mapping = reader.mapping.map((m) => ({ column: m.column, field: m.key, by: m.by }));
  return summary;
}

/** An NDJSON file's inputs, in this thread (parallel.ts spreads the same reading over worker threads). */
async function readNdjsonFile(file: string, onInput: (input: Record<string, unknown>, row: number) => void): Promise<DataSetSummary> {
  const { bad, add } = badRowLog();
  let rows = 0;
  let lines = 0;
  let first = true;
  const take = (input: Record<string, unknown>, row: number) => {
    rows++;
    onInput(input, row);
  };
  try {
    for await (const chunk of lineChunks(file)) {
      lines += eachInput(chunkText(chunk, first), lines, take, add).lines;
      first = false;
    }
  } catch (e) {
    if (typeof (e as NodeJS.ErrnoException).code === 'string') throw new FileError(file, e as NodeJS.ErrnoException);
    throw e;
  }
  return { source: file, format: 'ndjson', rows, skipped: { count: bad.count, rows: bad.rows } };
}

/** Feeds `count` synthetic leads (examples' generator, seeded, dated relative to `now`) into `onInput`. */
export function generateDataSet(count: number, seed: number, now: string, onInput: (input: Record<string, unknown>, row: number) => void): DataSetSummary {
  let row = 0;
  for (const lead of iterateLeads({ count, seed, now })) onInput(lead as unknown as Record<string, unknown>, ++row);
  return { source: 'generated', format: 'generated', rows: row, skipped: { count: 0, rows: [] }, seed };
}

/** A whole number option, or a UsageError naming it. */
export function countOption(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} takes a whole number, not ${v}`);
  return n;
}
