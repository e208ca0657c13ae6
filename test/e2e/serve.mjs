// Starts what the browser tests drive: the built runtime (serving editor/dist at / and the
// API under /v1) with a fresh data and rules folder and a known secret key. Until the
// runtime is built, the built editor alone through `vite preview` (runtime steps skip).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
// playwright.config.ts chose the port (E2E_PORT) and checked that it is free.
const port = process.env.E2E_PORT;
if (!port) throw new Error('E2E_PORT is not set: start the browser tests with pnpm exec playwright test');
const cli = join(root, 'runtime/dist/cli.js');
let child;
if (existsSync(cli)) {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-e2e-'));
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'rules'));
  child = spawn(process.execPath, [cli, 'serve', '--port', port, '--data', join(dir, 'data'), '--rules', join(dir, 'rules')], {
    stdio: 'inherit',
    env: { ...process.env, SLUICE_SECRET_KEY: process.env.SLUICE_SECRET_KEY ?? 'sk_e2e_secret_key_for_tests_0001' },
  });
} else {
  child = spawn('pnpm', ['exec', 'vite', 'preview', '--port', port, '--strictPort'], { cwd: join(root, 'editor'), stdio: 'inherit' });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
