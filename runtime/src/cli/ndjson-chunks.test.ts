// Reading NDJSON as chunks of whole lines: every line once, numbered as the SDK's reader
// numbers them, whatever the chunk size, the line endings or the characters.
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNdjsonReader } from '@sluice/sdk';
import { tempDir } from '../test-support/harness.js';
import { chunkText, eachInput, jsonLineProblem, lineChunks } from './ndjson-chunks.js';

const dir = tempDir('sluice-chunks-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every input and bad row of a file read in chunks of `size` bytes. */
async function readAll(text: string, size: number) {
  const file = join(dir, `f${size}.ndjson`);
  writeFileSync(file, text);
  const inputs: { row: number; input: unknown }[] = [];
  const bad: { row: number; message: string }[] = [];
  const chunks: Buffer[] = [];
  let lines = 0;
  for await (const chunk of lineChunks(file, size)) {
    chunks.push(chunk);
    lines += eachInput(chunkText(chunk, chunks.length === 1), lines, (input, row) => inputs.push({ row, input }), (row, message) => bad.push({ row, message })).lines;
  }
  return { inputs, bad, chunks, lines };
}

/** The same text through the SDK's string reader (the editor's), in one push. */
function bySdk(text: string) {
  const r = createNdjsonReader({ syntaxError: jsonLineProblem });
  const rows = [...r.push(text), ...r.end()];
  return { inputs: rows.map((x) => ({ row: x.row, input: x.input })), bad: r.bad.rows };
}

const TEXT = [
  '\uFEFF{"lead":{"title":"VP Sales","city":"Zürich"}}',
  '',
  '{"title":"CTO — 東京"}\r',
  '   ',
  'not json',
  `{"lead":{"note":"${'x'.repeat(300)}"},"events":[]}`,
  '{"lead":{"title":"ok"},"now":"soon"}',
  '[1]',
  '{"lead":{"emoji":"🦆"}}',
].join('\n');

describe('lineChunks + eachInput', () => {
  it('reads what the SDK reader reads, rows and messages included, for any chunk size', async () => {
    const want = bySdk(TEXT);
    expect(want.inputs.map((x) => x.row)).toEqual([1, 3, 6, 9]);
    expect(want.bad.map((b) => b.row)).toEqual([5, 7, 8]);
    for (const size of [1, 7, 64, 1 << 20]) {
      const got = await readAll(TEXT, size);
      expect(got.inputs, `chunks of ${size} B`).toEqual(want.inputs);
      expect(got.bad, `chunks of ${size} B`).toEqual(want.bad);
      expect(got.lines).toBe(9);
    }
  });

  it('ends every chunk but the last after a newline, and loses no byte', async () => {
    // (the byte-order mark only at the file's start: elsewhere it is a bad line's first character)
    const text = `${TEXT}\n${TEXT.slice(1)}\n`;
    const got = await readAll(text, 40);
    expect(got.chunks.length).toBeGreaterThan(5);
    for (const c of got.chunks) expect(c.at(-1)).toBe(0x0a);
    expect(Buffer.concat(got.chunks).toString('utf8')).toBe(text);
    // a line longer than the chunk size comes whole, in a longer chunk
    expect(got.chunks.some((c) => c.length > 300)).toBe(true);
    // the second copy's rows run on from the first's (a trailing newline adds no line)
    expect(got.inputs.map((x) => x.row)).toEqual([1, 3, 6, 9, 10, 12, 15, 18]);
    expect(got.lines).toBe(18);
    expect(got.bad.map((b) => b.row)).toEqual(bySdk(text).bad.map((b) => b.row));
  });

  it('gives each chunk its own memory, so it can be transferred to a worker', async () => {
    const got = await readAll(TEXT, 16);
    const buffers = new Set(got.chunks.map((c) => c.buffer));
    expect(buffers.size).toBe(got.chunks.length);
    const { port1 } = new MessageChannel();
    port1.postMessage(got.chunks[0], [got.chunks[0]!.buffer as ArrayBuffer]);
    port1.close();
    expect(got.chunks[0]!.byteLength).toBe(0);
    expect(got.chunks[1]!.byteLength).toBeGreaterThan(0);
  });

  it('reads an empty file as no lines, and fails on a missing one with the system error', async () => {
    expect((await readAll('', 8)).lines).toBe(0);
    await expect(lineChunks(join(dir, 'missing.ndjson')).next()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
