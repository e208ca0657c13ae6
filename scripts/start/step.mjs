// One line per step: `  label … done in 4.2 s`. The step's own output is kept and shown only
// when it fails, followed by what failed; then the process exits with the step's code.
import { spawn } from 'node:child_process';

export const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Runs `cmd argv` quietly; resolves with its duration in ms.
 * @example await step('build @sluice/sdk', 'pnpm', ['run', 'build'], { cwd: 'sdk' });
 */
export function step(label, cmd, argv, { cwd, failHint = 'Fix it and run the command again.', note = '' } = {}) {
  process.stdout.write(`  ${label}${note} … `);
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (d) => chunks.push(d));
    child.stderr.on('data', (d) => chunks.push(d));
    child.on('error', (e) => chunks.push(Buffer.from(`${e.message}\n`)));
    child.on('close', (code) => {
      const ms = Date.now() - t0;
      if (code === 0) {
        process.stdout.write(`done in ${seconds(ms)}\n`);
        return resolve(ms);
      }
      process.stdout.write(`FAILED (exit ${code ?? 'signal'}) after ${seconds(ms)}\n\n`);
      process.stderr.write(Buffer.concat(chunks));
      process.stderr.write(`\n${label} failed (${[cmd, ...argv].join(' ')}): its output is above. ${failHint}\n`);
      process.exit(code || 1);
    });
  });
}
