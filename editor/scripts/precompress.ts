// Build step: a brotli and a gzip copy beside every text file of the editor's build
// (x.js -> x.js.br, x.js.gz), which the runtime sends to browsers that accept them
// (runtime/src/routes/static.ts). Compressing once at build time lets it use brotli's best
// quality, which is too slow to run per request.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Files worth compressing: text (and fonts without their own compression). */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|map|txt|ttf|wasm)$/i;
/** Below this, the headers outweigh what compression saves. */
const MIN_BYTES = 1024;
/** Brotli 11 costs about 8x the time of 9 for some 10 % fewer bytes: worth it below this size
 * (everything the first screen loads), not for Monaco's multi-megabyte workers. */
const BEST_QUALITY_BELOW = 1024 * 1024;

async function* files(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.isFile()) yield p;
  }
}

/**
 * Writes `.br` and `.gz` beside each compressible file of `dir` (recursively) that is at least
 * 1 KB, each only when it is smaller than the original.
 *
 * @returns the files compressed, with their sizes.
 * @example
 * await precompressDir('editor/dist');
 */
export async function precompressDir(dir: string): Promise<{ file: string; size: number; br: number | null; gzip: number | null }[]> {
  const jobs: Promise<{ file: string; size: number; br: number | null; gzip: number | null }>[] = [];
  for await (const file of files(dir)) {
    if (!COMPRESSIBLE.test(file) || (await stat(file)).size < MIN_BYTES) continue;
    jobs.push(
      (async () => {
        const body = await readFile(file);
        const quality = body.length < BEST_QUALITY_BELOW ? 11 : 9;
        const [b, g] = await Promise.all([
          brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
          gz(body, { level: 9 }),
        ]);
        const keep = async (out: Buffer, suffix: string) => (out.length < body.length ? (await writeFile(file + suffix, out), out.length) : null);
        return { file, size: body.length, br: await keep(b, '.br'), gzip: await keep(g, '.gz') };
      })(),
    );
  }
  return Promise.all(jobs);
}

/** The Vite plugin: runs precompressDir on the output folder once the build has written it. */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'sluice-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const done = await precompressDir(outDir);
      this.info?.(`precompressed ${done.length} files (brotli, gzip)`);
    },
  };
}
