// Starts the built server (runtime/dist/cli.js) for a benchmark: 127.0.0.1, a random port,
// data and rules in `dir`, no rate limit, no log, no editor; `env` adds to that.
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'runtime', 'dist', 'cli.js');

/** Resolves with the child and its URL once the server prints it. */
export function startServer(dir, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', join(dir, 'data'), '--rules', join(dir, 'rules')], {
      env: { ...process.env, SLUICE_RATE_LIMIT: 'off', SLUICE_LOG: 'silent', SLUICE_EDITOR_DIR: '', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}
