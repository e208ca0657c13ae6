// Data sets as text pushed in chunks (a file read in the CLI, an upload read in the editor):
// NDJSON with one EvaluationInput per line, or CSV with a header row mapped to the start
// node's fields. Bad rows are counted and named by row number, then skipped.
import type { Field, RuleSet } from '@sluice/schemas';
import { toEpochMs } from '../core/dates.js';
import { isObject } from '../core/util.js';
import { createCsvReader } from './csv.js';
import { mapColumns, mappingProblem, rowToInput, type ColumnMapping } from './mapping.js';

/** An input read from a data set, with the row (line) it came from, 1-based. */
export interface DataSetRow {
  row: number;
  input: Record<string, unknown>;
}

/** At most this many bad rows are kept with their message; all are counted. */
export const MAX_BAD_ROWS = 100;

export interface DataSetReader {
  /** Reads a chunk of text; returns the inputs it completed. */
  push(chunk: string): DataSetRow[];
  /** Ends the text; returns the last inputs. */
  end(): DataSetRow[];
  /** Rows skipped so far, the first MAX_BAD_ROWS of them with the reason. */
  readonly bad: { count: number; rows: { row: number; message: string }[] };
  /** CSV: where each column goes, once the header is read. */
  readonly mapping: ColumnMapping[] | undefined;
}

/** The fields the start node declares: what a CSV's columns are mapped to. */
export function startFields(ruleSet: RuleSet): Field[] {
  const start = ruleSet.nodes.find((n) => n.id === ruleSet.entry);
  return start?.kind === 'start' ? start.config.fields : [];
}

/** Counts bad rows and keeps the first MAX_BAD_ROWS with their reason. */
export function badRowLog(): { bad: DataSetReader['bad']; add(row: number, message: string): void } {
  const bad = { count: 0, rows: [] as { row: number; message: string }[] };
  const add = (row: number, message: string) => {
    bad.count++;
    if (bad.rows.length < MAX_BAD_ROWS) bad.rows.push({ row, message });
  };
  return { bad, add };
}

/** Words for a line JSON.parse refused (the CLI names the column and what it expected). */
export type SyntaxErrorText = (text: string, error: Error) => string;

/**
 * One NDJSON line as an input. A line is an EvaluationInput (`{ lead, events?, account? }`,
 * optionally with `id` and `now`) or a bare lead object, which becomes `{ lead }`.
 * Returns the reason when the line cannot be used.
 */
export function ndjsonInput(text: string, syntaxError?: SyntaxErrorText): Record<string, unknown> | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return syntaxError ? syntaxError(text, e as Error) : 'not valid JSON';
  }
  if (!isObject(doc)) return 'not a JSON object';
  const input = isObject(doc.lead) ? doc : { lead: doc };
  // null is how exports say "none": evaluate reads it as no events / no account, as it does absence.
  if (input.events != null && !Array.isArray(input.events)) return 'events is not a list';
  if (input.account != null && !isObject(input.account)) return 'account is not an object';
  if (Object.hasOwn(input, 'now') && toEpochMs(input.now) === undefined) return `now is not a date: ${JSON.stringify(input.now)}`;
  return input;
}

/** A non-blank line of text with its 1-based line number. */
export interface TextLine {
  row: number;
  text: string;
}

/**
 * Splits text pushed in chunks into its non-blank lines, numbered (a BOM at the start is
 * dropped): how NDJSON is read, here or in a worker thread that parses the lines.
 */
export function createLineReader(): { push(chunk: string): TextLine[]; end(): TextLine[] } {
  let tail = '';
  let line = 0;
  let first = true;
  const take = (parts: string[]) => {
    const out: TextLine[] = [];
    for (const text of parts) {
      line++;
      if (text.trim() !== '') out.push({ row: line, text });
    }
    return out;
  };
  return {
    push(chunk) {
      if (first && chunk.length > 0) {
        first = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      const parts = (tail + chunk).split('\n');
      tail = parts.pop()!;
      return take(parts);
    },
    end() {
      const last = tail;
      tail = '';
      return last === '' ? [] : take([last]);
    },
  };
}

/**
 * Reads NDJSON text pushed in chunks; blank lines are skipped.
 *
 * @example
 * const r = createNdjsonReader();
 * r.push('{"lead":{"title":"VP"}}\n{"title":"CTO"}\nnot json\n'); // two inputs
 * r.bad; // { count: 1, rows: [{ row: 3, message: 'not valid JSON' }] }
 */
export function createNdjsonReader(opts: { syntaxError?: SyntaxErrorText } = {}): DataSetReader {
  const { bad, add } = badRowLog();
  const lines = createLineReader();
  const inputs = (list: TextLine[]) => {
    const out: DataSetRow[] = [];
    for (const { row, text } of list) {
      const r = ndjsonInput(text, opts.syntaxError);
      if (typeof r === 'string') add(row, r);
      else out.push({ row, input: r });
    }
    return out;
  };
  return {
    bad,
    mapping: undefined,
    push: (chunk) => inputs(lines.push(chunk)),
    end: () => inputs(lines.end()),
  };
}

/**
 * Reads CSV text pushed in chunks: the first row names the columns, each further row is a lead.
 *
 * @param fields the start node's fields (`startFields(ruleSet)`)
 * @param explicit column → field key, e.g. `{ 'Headcount': 'account.employees' }`; `-` skips a column
 * @throws {Error} from push when the header maps a column to something that is not a field path.
 * @example
 * const r = createCsvDataSetReader(startFields(ruleSet));
 * r.push('Job Title,Number of Employees\r\nVP Sales,"1,200"\r\n');
 * // [{ row: 2, input: { lead: { title: 'VP Sales' }, account: { employees: 1200 } } }]
 */
export function createCsvDataSetReader(fields: Field[], explicit: Record<string, string> = {}): DataSetReader {
  const csv = createCsvReader();
  const { bad, add } = badRowLog();
  let mapping: ColumnMapping[] | undefined;
  const rows = (records: ReturnType<typeof csv.push>): DataSetRow[] => {
    const out: DataSetRow[] = [];
    for (const rec of records) {
      if ('error' in rec) {
        add(rec.row, rec.error);
        continue;
      }
      if (!mapping) {
        mapping = mapColumns(rec.fields, fields, explicit);
        const problem = mapping.map(mappingProblem).find((p) => p !== null);
        if (problem) throw new Error(problem);
        const norm = (c: string) => c.toLowerCase().replace(/[^a-z0-9]/g, '');
        const missing = Object.keys(explicit).filter((c) => !rec.fields.some((h) => h === c || norm(h) === norm(c)));
        if (missing.length) throw new Error(`the mapping names ${missing.map((c) => `"${c}"`).join(', ')}, but the header has no such column (it has ${rec.fields.map((h) => `"${h}"`).join(', ')})`);
        continue;
      }
      try {
        out.push({ row: rec.row, input: rowToInput(rec.fields, mapping, fields) });
      } catch (e) {
        add(rec.row, (e as Error).message);
      }
    }
    return out;
  };
  return {
    bad,
    get mapping() {
      return mapping;
    },
    push: (chunk) => rows(csv.push(chunk)),
    end: () => rows(csv.end()),
  };
}
