// A streaming CSV reader after RFC 4180: fields separated by commas, records by CRLF or LF;
// a field in double quotes may hold commas, line breaks and "" (one quote). A UTF-8 byte-order
// mark at the start is dropped. Text is pushed in chunks of any size (a quote or CRLF split
// across two chunks is fine), so a file of any length is read in constant memory.

/** One record: its fields, or why it could not be read. `row` is the line it starts on (1-based). */
export type CsvRecord = { row: number; fields: string[] } | { row: number; error: string };

export interface CsvReader {
  /** Reads a chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[];
  /** Ends the text; returns the last record, if any. */
  end(): CsvRecord[];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * A reader for CSV text pushed in chunks.
 *
 * @example
 * const csv = createCsvReader();
 * csv.push('Name,"Job Title"\r\nAda,"CTO, ""founder"""\r\n');
 * // [{ row: 1, fields: ['Name', 'Job Title'] }, { row: 2, fields: ['Ada', 'CTO, "founder"'] }]
 */
export function createCsvReader(): CsvReader {
  let fields: string[] = [];
  let field = '';
  /** Inside a quoted field; `afterQuote`: just read a quote inside one (end, or the first of ""). */
  let quoted = false;
  let afterQuote = false;
  /** The current field began with a quote and it has been closed: only , or a line break may follow. */
  let closed = false;
  let error: string | undefined;
  let line = 1;
  let start = 1;
  let pendingCR = false;
  let crInQuote = false;
  let first = true;
  /** The record has content (a blank line is no record). */
  let any = false;

  const finish = (out: CsvRecord[]) => {
    if (any || fields.length > 0) {
      fields.push(field);
      out.push(error === undefined ? { row: start, fields } : { row: start, error });
    }
    fields = [];
    field = '';
    closed = false;
    error = undefined;
    any = false;
  };

  return {
    push(chunk) {
      const out: CsvRecord[] = [];
      let i = 0;
      if (first && chunk.length > 0) {
        first = false;
        if (chunk.charCodeAt(0) === 0xfeff) i = 1;
      }
      for (; i < chunk.length; i++) {
        const c = chunk.charCodeAt(i);
        if (pendingCR) {
          pendingCR = false;
          if (c === LF) continue;
        }
        if (quoted) {
          if (afterQuote) {
            afterQuote = false;
            if (c === QUOTE) {
              field += '"';
              continue;
            }
            quoted = false;
            closed = true;
            // fall through: this character follows the closing quote
          } else if (c === QUOTE) {
            afterQuote = true;
            crInQuote = false;
            continue;
          } else {
            // CR, LF and CRLF each end one line, wherever the chunks split them.
            if (c === CR || (c === LF && !crInQuote)) line++;
            crInQuote = c === CR;
            field += chunk[i];
            continue;
          }
        }
        if (c === COMMA) {
          fields.push(field);
          field = '';
          closed = false;
          any = true;
        } else if (c === LF || c === CR) {
          finish(out);
          line++;
          start = line;
          if (c === CR) pendingCR = true;
        } else if (c === QUOTE && field === '' && !closed) {
          quoted = true;
          any = true;
        } else {
          any = true;
          if (closed || c === QUOTE) error ??= closed ? `text after the closing quote of field ${fields.length + 1}` : `a quote inside the unquoted field ${fields.length + 1}`;
          field += chunk[i];
        }
      }
      return out;
    },
    end() {
      const out: CsvRecord[] = [];
      if (quoted && !afterQuote) {
        error ??= `field ${fields.length + 1} opens a quote that never closes`;
        any = true;
      }
      quoted = false;
      afterQuote = false;
      finish(out);
      return out;
    },
  };
}

/**
 * Reads a whole CSV text.
 *
 * @example
 * readCsv('a,b\n1,2\n'); // [{ row: 1, fields: ['a', 'b'] }, { row: 2, fields: ['1', '2'] }]
 */
export function readCsv(text: string): CsvRecord[] {
  const r = createCsvReader();
  return [...r.push(text), ...r.end()];
}
