// Builds @sluice/sdk:
// 1. tsc emits ESM + .d.ts per module to dist/ (tree-shakeable imports: '.', './core',
//    './embed', './client').
// 2. esbuild bundles the browser files, minified, with no imports left:
//    - dist/sluice.min.js  IIFE for a <script> tag: `window.Sluice`, auto-init from data-*
//    - dist/sluice-set.min.js what the tag loads on demand for a rule set with a set node
//    - dist/embed.js       the same embed as one ES module (`import { init } from '.../embed.js'`)
//    - dist/engine.min.js  evaluate + checkCondition alone, as the embed uses them (size budget)
//    - dist/embed-own.min.js the script tag without the engine (the embed's own budget)
//    - dist/engine-tag.min.js the engine as sluice.min.js carries it (evaluate, no trace), alone
//    Their metafiles go to dist/meta/*.json: where the bytes come from (see docs/sdk.md).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { minify } from 'terser';
import { browserModules, lateModules, BROWSER_TARGET } from './browser-modules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
await rm(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

/** Options shared by the browser bundles. */
const browser = {
  bundle: true,
  minify: true,
  platform: 'browser',
  target: BROWSER_TARGET,
  mainFields: ['module', 'main'],
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // The engine's error messages name a node and a field; keep them (they are data).
  define: { 'process.env.NODE_ENV': '"production"' },
};

/** Leaves the engine (src/core) out of a bundle as an external import. */
function engineExternal() {
  return {
    name: 'engine-external',
    setup(b) {
      b.onResolve({ filter: /\/core\// }, (a) => ({ path: a.path, external: true }));
    },
  };
}

const bundles = [
  { name: 'sluice.min.js', entryPoints: [join(root, 'src/embed/auto.ts')], format: 'iife', plugins: [browserModules({ noTrace: true, late: true })] },
  // What the script tag loads on demand, from beside itself, for a rule set with a set node: the
  // set kind and the expression language, put where nodes/set.late.ts finds them.
  {
    name: 'sluice-set.min.js',
    stdin: { contents: "import { setRun } from './src/core/nodes/set.js';\nglobalThis.__sluiceSet = setRun;\n", resolveDir: root, sourcefile: 'sluice-set-entry.ts', loader: 'ts' },
    format: 'iife',
    plugins: [browserModules({ noTrace: true })],
  },
  { name: 'embed.js', entryPoints: [join(root, 'src/embed/index.ts')], format: 'esm', plugins: [browserModules({ noTrace: true })] },
  // The embed's own code: the script tag with the engine left out (an import), for its budget.
  { name: 'embed-own.min.js', entryPoints: [join(root, 'src/embed/auto.ts')], format: 'esm', plugins: [lateModules(), engineExternal()] },
  // The engine as sluice.min.js runs it (evaluate, no trace; its part and sluice-set.min.js's together), alone: for its budget.
  {
    name: 'engine-tag.min.js',
    stdin: { contents: "export { evaluate } from './src/core/evaluate.js';\n", resolveDir: root, sourcefile: 'engine-tag-entry.ts', loader: 'ts' },
    format: 'esm',
    plugins: [browserModules({ noTrace: true })],
  },
  {
    name: 'engine.min.js',
    stdin: {
      contents: "export { evaluate } from './src/core/evaluate.js';\nexport { checkCondition } from './src/core/condition.js';\n",
      resolveDir: root,
      sourcefile: 'engine-entry.ts',
      loader: 'ts',
    },
    format: 'esm',
    plugins: [browserModules()],
  },
];

await mkdir(join(dist, 'meta'), { recursive: true });
const sizes = {};
for (const { name, ...opts } of bundles) {
  const r = await esbuild.build({ ...browser, ...opts, outfile: join(dist, name) });
  await writeFile(join(dist, 'meta', `${name}.json`), JSON.stringify(r.metafile));
  // A second pass with terser: its compressor and mangler take another ~4 % off esbuild's output
  // (measured on sluice.min.js: 11,202 → 10,751 B gzipped). Names of exports stay.
  // `unsafe` and `unsafe_arrows` (−51 B on the script tag, with the third pass) hold for this
  // code: `unsafe` turns String(x) into x+"" and `new RegExp` into RegExp, which differ only for
  // symbols and objects with their own valueOf, and rule sets, lead data and options reach the
  // bundles as JSON and strings; `unsafe_arrows` turns function expressions that use neither
  // `this` nor `arguments` into arrows, and none of ours is called with `new`.
  // Left out: unsafe_comps (it rewrites !(a < b) as a >= b, wrong for NaN, which the operators
  // compare on purpose) and unsafe_math (it regroups sums of floating-point scores).
  const code = (
    await minify(await readFile(join(dist, name), 'utf8'), {
      module: opts.format === 'esm',
      ecma: 2020,
      compress: { passes: 3, unsafe: true, unsafe_arrows: true },
      mangle: true,
      format: { comments: false },
    })
  ).code;
  await writeFile(join(dist, name), code);
  sizes[name] = { bytes: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
}
await writeFile(join(dist, 'meta', 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
for (const [name, s] of Object.entries(sizes)) console.log(`${name.padEnd(18)} ${String(s.bytes).padStart(7)} B  ${String(s.gzip).padStart(6)} B gzip`);
