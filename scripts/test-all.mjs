// `pnpm test`: build every package, type-check, run every Vitest project, then the browser
// tests. Building and type-checking are one line each (their output only when they fail); the
// test runners' own reports follow.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { step } from './start/step.mjs';

function run(cmd, args) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: false });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const hint = 'Fix it and run pnpm test again.';
await step('build every package (pnpm -r build)', 'pnpm', ['-r', 'build'], { failHint: hint });
await step('type-check every package (pnpm -r typecheck)', 'pnpm', ['-r', 'typecheck'], { failHint: hint });
// The cross-part and browser tests are TypeScript too; a type error in a spec would otherwise show only when it runs.
await step('type-check the tests (test/tsconfig.json)', 'pnpm', ['exec', 'tsc', '-p', 'test/tsconfig.json'], { failHint: hint });
run('pnpm', ['exec', 'vitest', 'run']);
const e2e = existsSync('test/e2e') && readdirSync('test/e2e').some((f) => f.endsWith('.spec.ts'));
if (e2e) {
  await step('Chromium (scripts/ensure-chromium.sh)', 'bash', ['scripts/ensure-chromium.sh'], { failHint: hint });
  run('pnpm', ['exec', 'playwright', 'test']);
}
