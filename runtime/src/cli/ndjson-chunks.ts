// An NDJSON file read as whole lines: chunks of about 1 MB that end at a line's end, read into
// Buffers of their own (so a chunk can be handed to a worker thread without a copy), and the
// lines of a decoded chunk walked with indexOf: no string is concatenated or split per chunk
// (joining the last partial line to the next chunk and splitting cost a tenth of the CLI's time).
import { isAscii } from 'node:buffer';
import { open } from 'node:fs/promises';
import { ndjsonInput } from '@sluice/sdk';
import { describeJsonSyntaxError } from './json-syntax.js';

export const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/**
 * Yields the file in chunks that each end just after a newline (the last one where the file
 * ends). A line longer than `size` makes its chunk longer. Each chunk has its own ArrayBuffer.
 * @throws the file system's error (ENOENT, EACCES, …) on the first read.
 */
export async function* lineChunks(file: string, size = CHUNK_BYTES): AsyncGenerator<Buffer> {
  const fh = await open(file, 'r');
  try {
    let carry: Buffer | null = null;
    for (;;) {
      const keep: number = carry?.length ?? 0;
      const buf = Buffer.allocUnsafeSlow(Math.max(size, keep * 2));
      carry?.copy(buf, 0);
      const { bytesRead } = await fh.read(buf, keep, buf.length - keep, null);
      const end = keep + bytesRead;
      if (bytesRead === 0) {
        if (end > 0) yield buf.subarray(0, end);
        return;
      }
      const last = buf.lastIndexOf(NEWLINE, end - 1);
      if (last < 0) {
        carry = buf.subarray(0, end);
        continue;
      }
      // Copied before the yield: the chunk's buffer may be transferred (detached) by the caller.
      carry = last + 1 < end ? Buffer.from(buf.subarray(last + 1, end)) : null;
      yield buf.subarray(0, last + 1);
    }
  } finally {
    await fh.close();
  }
}

/**
 * Text of a chunk. `first`: the file's first chunk, whose byte-order mark is dropped.
 * A chunk is whole lines, and a newline byte is never inside a UTF-8 sequence, so chunks decode apart.
 */
export function chunkText(chunk: Uint8Array, first: boolean): string {
  const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  // ASCII (most exports) decodes as Latin-1 to the same text, at a fraction of UTF-8's cost.
  const text = buf.toString(isAscii(buf) ? 'latin1' : 'utf8');
  return first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A line JSON.parse refused, in words: the column and what was expected there. */
export function jsonLineProblem(text: string, e: Error): string {
  const s = describeJsonSyntaxError(text, e);
  return `not valid JSON at column ${s.column}: ${s.reason}`;
}

/** What `eachInput` found in a chunk's text. */
export interface ChunkLines {
  /** Lines in the chunk, blank ones included (the next chunk's rows start after them). */
  lines: number;
}

/**
 * Calls `onInput` for each usable line of a chunk's text and `onBad` for each unusable one, with
 * its row: the line's number in the chunk (1-based) plus `rowOffset`. Blank lines are skipped.
 * The same reading as the SDK's NDJSON reader (`ndjsonInput`, the CLI's JSON syntax messages).
 */
export function eachInput(text: string, rowOffset: number, onInput: (input: Record<string, unknown>, row: number) => void, onBad: (row: number, message: string) => void): ChunkLines {
  let line = 0;
  let at = 0;
  const n = text.length;
  while (at < n) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = n;
    line++;
    const s = text.slice(at, nl);
    at = nl + 1;
    // A line of JSON starts with `{` (most of them): no need to look for blanks first.
    if (s.charCodeAt(0) !== 0x7b && s.trim() === '') continue;
    const input = ndjsonInput(s, jsonLineProblem);
    if (typeof input === 'string') onBad(line + rowOffset, input);
    else onInput(input, line + rowOffset);
  }
  return { lines: line };
}
