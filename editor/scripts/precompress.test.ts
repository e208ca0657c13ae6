import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { precompressDir } from './precompress.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('precompressDir', () => {
  it('writes brotli and gzip copies of text files of 1 KB and more, recursively, and nothing else', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-precompress-'));
    mkdirSync(join(dir, 'assets'));
    const js = `export const a = ${JSON.stringify('abc'.repeat(2000))};`;
    writeFileSync(join(dir, 'assets', 'index-AbCd1234.js'), js);
    writeFileSync(join(dir, 'index.html'), '<!doctype html>'); // under 1 KB
    writeFileSync(join(dir, 'assets', 'logo.png'), Buffer.alloc(4096)); // compressed already
    const done = await precompressDir(dir);
    expect(done.map((d) => d.file)).toEqual([join(dir, 'assets', 'index-AbCd1234.js')]);
    expect(brotliDecompressSync(readFileSync(join(dir, 'assets', 'index-AbCd1234.js.br'))).toString()).toBe(js);
    expect(gunzipSync(readFileSync(join(dir, 'assets', 'index-AbCd1234.js.gz'))).toString()).toBe(js);
    expect(done[0]!.br).toBeLessThan(js.length / 20);
    for (const f of ['index.html.br', 'index.html.gz', 'assets/logo.png.br']) expect(existsSync(join(dir, f)), f).toBe(false);
    // Run again (a build into a folder not emptied): the copies are not compressed themselves.
    await precompressDir(dir);
    expect(existsSync(join(dir, 'assets', 'index-AbCd1234.js.br.br'))).toBe(false);
  });

  it('keeps no copy that is larger than its original', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-precompress-'));
    // Random bytes do not compress: both copies would be a few bytes larger.
    writeFileSync(join(dir, 'noise.json'), randomBytes(4096));
    expect(await precompressDir(dir)).toEqual([{ file: join(dir, 'noise.json'), size: 4096, br: null, gzip: null }]);
    expect(existsSync(join(dir, 'noise.json.br'))).toBe(false);
    expect(existsSync(join(dir, 'noise.json.gz'))).toBe(false);
  });
});
