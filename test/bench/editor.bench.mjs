// The editor's benchmarks in Chromium, for `pnpm bench`: builds the editor, then runs the
// Playwright perf project's benchmarks against the built runtime, one after the other, and
// prints their tables: test/e2e/perf.bench.ts (frame cost of dragging and wheel zoom on a
// 300-node flow, through the DevTools protocol) and test/e2e/simulate.bench.ts (the Simulate
// panel). Port: BENCH_E2E_PORT (default 8799). Leads: BENCH_EDITOR_LEADS.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = spawnSync('pnpm', ['--filter', '@sluice/editor', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('editor bench: the editor build failed');
  process.exit(1);
}

/** Runs one perf spec and returns its markdown (what follows its `<!-- markdown -->` line). */
function table(spec) {
  const r = spawnSync('pnpm', ['exec', 'playwright', 'test', '--project=perf', spec], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, SLUICE_PERF: '1', E2E_PORT: process.env.BENCH_E2E_PORT ?? '8799' },
    maxBuffer: 64 << 20,
  });
  const out = `${r.stdout}`;
  const at = out.indexOf('<!-- markdown -->');
  if (r.status !== 0 || at < 0) {
    process.stderr.write(out + (r.stderr ?? ''));
    console.error(`editor bench: ${spec}: playwright exited with ${r.status}`);
    process.exit(1);
  }
  // The table ends at the first blank line after it.
  const body = out.slice(at).split('\n').slice(1);
  const end = body.findIndex((l, i) => i > 3 && l.trim() === '' && body[i - 1]?.startsWith('|'));
  return body.slice(0, end < 0 ? undefined : end).join('\n');
}

const tables = ['test/e2e/perf.bench.ts', 'test/e2e/simulate.bench.ts'].map(table);
console.log(['<!-- markdown -->', ...tables].join('\n'));
