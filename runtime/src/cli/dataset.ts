// Where `sluice simulate` and `sluice impact` get their leads: a file (NDJSON or CSV, read in
// 1 MB chunks through the SDK's readers, so memory stays flat however long it is) or the
// synthetic generator. Each input reaches `onInput` with its row; bad rows are skipped and
// counted by the readers.
import { createReadStream } from 'node:fs';
import type { Field } from '@sluice/schemas';
import { createCsvDataSetReader, createNdjsonReader, iterateLeads, toEpochMs, type ColumnMapping, type DataSetReader } from '@sluice/sdk';
import { CliError, EXIT, FileError, UsageError } from './errors.js';
import { describeJsonSyntaxError } from './json-syntax.js';

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

/** A line JSON.parse refused, in words: the column and what was expected there. */
export function jsonLineProblem(text: string, e: Error): string {
  const s = describeJsonSyntaxError(text, e);
  return `not valid JSON at column ${s.column}: ${s.reason}`;
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
  const reader: DataSetReader = format === 'csv' ? createCsvDataSetReader(fields, mapping) : createNdjsonReader({ syntaxError: jsonLineProblem });
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
