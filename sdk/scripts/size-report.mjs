// Where the bytes of the browser engine go: `node scripts/size-report.mjs` (from sdk/).
// For each module of the engine bundle (evaluate + checkCondition, with the browser bundles'
// module swaps, minified by esbuild alone: the build's terser pass takes ~4 % more):
// its minified bytes and how much the gzipped bundle shrinks when that module alone is
// replaced by an empty stub (the module's marginal gzip cost; stubbed bundles do not run).
// `--stub a.ts,b.ts` measures removing several modules together; `--tag` measures the engine as
// the script tag carries it (evaluate alone, no trace) instead.
import * as esbuild from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { browserModules, BROWSER_TARGET } from './browser-modules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tag = process.argv.includes('--tag');
const entry = tag
  ? "export { evaluate } from './src/core/evaluate.js';\n"
  : "export { evaluate } from './src/core/evaluate.js';\nexport { checkCondition } from './src/core/condition.js';\n";

async function build(stubs = [], extra = {}) {
  const plugin = {
    name: 'stub',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (a) => {
        const rel = relative(join(root, 'src/core'), a.path);
        if (!stubs.includes(rel)) return undefined;
        // The stub keeps the module's export names (as undefined) so importers still bundle.
        const src = readFileSync(a.path, 'utf8');
        const names = new Set();
        for (const m of src.matchAll(/export\s+(?:async\s+)?(?:function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
        for (const m of src.matchAll(/export\s*\{([^}]*)\}(?!\s*from)/g)) for (const n of m[1].split(',')) { const x = n.trim().split(/\s+as\s+/).pop(); if (x && !x.startsWith('type ')) names.add(x); }
        const re = [...src.matchAll(/export\s*(\*|\{[^}]*\})\s*from\s*('[^']+')/g)].map((m) => `export ${m[1]} from ${m[2]};`).filter((l) => !l.startsWith('export { type') && !l.includes('export type'));
        return { contents: [...[...names].map((n) => `export const ${n} = undefined;`), ...re].join('\n'), loader: 'ts', resolveDir: dirname(a.path) };
      });
    },
  };
  const r = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', target: BROWSER_TARGET, mainFields: ['module', 'main'],
    write: false, metafile: true, logLevel: 'silent', plugins: [browserModules({ noTrace: tag }), plugin], ...extra,
  });
  const code = r.outputFiles[0].contents;
  return { r, bytes: code.length, gz: gzipSync(code, { level: 9 }).length };
}

const base = await build();
console.log(`engine (${tag ? 'as the script tag carries it' : 'evaluate + checkCondition'}): ${base.bytes} B min, ${base.gz} B gzip\n`);
const stubArg = process.argv.indexOf('--stub');
if (stubArg > 0) {
  const stubs = process.argv[stubArg + 1].split(',');
  const s = await build(stubs).catch((e) => ({ gz: NaN, err: e.message }));
  console.log(`without ${stubs.join(', ')}: ${s.gz} B gzip (−${base.gz - s.gz})`);
  process.exit(0);
}
const inputs = Object.values(base.r.metafile.outputs)[0].inputs;
const rows = [];
for (const [path, v] of Object.entries(inputs)) {
  if (!path.startsWith('src/core/')) continue;
  const rel = path.slice('src/core/'.length);
  const s = await build([rel]).catch(() => null);
  rows.push({ rel, bytes: v.bytesInOutput, gzCost: s ? base.gz - s.gz : NaN });
}
rows.sort((a, b) => b.bytes - a.bytes);
console.log('module'.padEnd(28), 'min B'.padStart(7), 'gzip cost B'.padStart(12));
for (const r of rows) console.log(r.rel.padEnd(28), String(r.bytes).padStart(7), String(r.gzCost).padStart(12));
const mangled = await build([], { mangleProps: /^_/ });
console.log(`\nwith mangleProps /^_/ (needs _-prefixed private fields): ${mangled.gz} B gzip`);
