// The editor's benchmarks in Chromium, for `pnpm bench`: builds the editor, then runs the
// Playwright perf project's Simulate benchmark (test/e2e/simulate.bench.ts) against the built
// runtime and prints its table. Port: BENCH_E2E_PORT (default 8799). Leads: BENCH_EDITOR_LEADS.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = spawnSync('pnpm', ['--filter', '@sluice/editor', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('editor bench: the editor build failed');
  process.exit(1);
}
const r = spawnSync('pnpm', ['exec', 'playwright', 'test', '--project=perf', 'test/e2e/simulate.bench.ts'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, SLUICE_PERF: '1', E2E_PORT: process.env.BENCH_E2E_PORT ?? '8799' },
  maxBuffer: 64 << 20,
});
const out = `${r.stdout}`;
const at = out.indexOf('<!-- markdown -->');
if (r.status !== 0 || at < 0) {
  process.stderr.write(out + (r.stderr ?? ''));
  console.error(`editor bench: playwright exited with ${r.status}`);
  process.exit(1);
}
// The table ends at the first blank line after it.
const body = out.slice(at).split('\n');
const end = body.findIndex((l, i) => i > 3 && l.trim() === '' && body[i - 1]?.startsWith('|'));
console.log(body.slice(0, end < 0 ? undefined : end).join('\n'));
