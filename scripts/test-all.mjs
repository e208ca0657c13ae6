// `pnpm test`: build every package, run every Vitest project, then the browser tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

function run(cmd, args) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: false });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('pnpm', ['-r', 'build']);
run('pnpm', ['-r', 'typecheck']);
run('pnpm', ['exec', 'vitest', 'run']);
const e2e = existsSync('test/e2e') && readdirSync('test/e2e').some((f) => f.endsWith('.spec.ts'));
if (e2e) {
  run('bash', ['scripts/ensure-chromium.sh']);
  run('pnpm', ['exec', 'playwright', 'test']);
}
