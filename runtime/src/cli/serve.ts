import { loadServeConfig } from '../config.js';
import type { ServeConfig } from '../config.js';
import { openRuntime } from '../server.js';
import { listen } from '../adapter/node.js';
import type { CloseReport } from '../adapter/node.js';
import type { Args } from './args.js';
import { CliError, EXIT } from './errors.js';
import type { Io } from './registry.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "1h 2m 3s" */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const parts = [[Math.floor(s / 3600), 'h'], [Math.floor((s % 3600) / 60), 'm'], [s % 60, 's']] as const;
  const shown = parts.filter(([n], i) => n > 0 || i === 2).map(([n, u]) => `${n}${u}`);
  return shown.join(' ');
}

/** The line the server prints when it has stopped: why, for how long, what it finished. */
export function stoppedMessage(signal: string, uptimeMs: number, r: CloseReport): string {
  const flight = r.inFlight === 0 ? 'no request was in flight' : `of the ${plural(r.inFlight, 'request')} in flight ${r.finished} finished${r.cut ? `, ${r.cut} cut after the grace period (their clients retry them)` : ''}`;
  return `Sluice stopped (${signal}) after ${duration(uptimeMs)}: ${plural(r.served, 'request')} answered; ${flight}; webhook dispatcher stopped, database closed.`;
}

/** `sluice serve`: opens the runtime and listens until SIGINT / SIGTERM, then says what it finished. */
export async function serveCmd(a: Args, io: Io): Promise<number> {
  let cfg: ServeConfig;
  try {
    cfg = loadServeConfig(a.flags);
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.usage);
  }
  const rt = await openRuntime(cfg);
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen(rt.app, cfg.port, cfg.host);
  } catch (e) {
    await rt.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${cfg.port} on ${cfg.host} is already in use: stop what listens there, or choose another with --port (or PORT)`);
    if (code === 'EACCES') throw new CliError(`no permission to listen on port ${cfg.port} (ports below 1024 need privileges): choose another with --port`);
    throw e;
  }
  const started = Date.now();
  const url = `http://${cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host}:${server.port}`;
  io.out(
    [
      `Sluice is running at ${url}/  (API docs ${url}/docs)`,
      `  data:  ${cfg.dataDir}   rules: ${cfg.rulesDir}${cfg.examplesDir ? `   examples: ${cfg.examplesDir}` : ''}`,
      // Configured keys are never printed (they end up in terminals and log collectors).
      ...(rt.devKeys
        ? [
            `  development secret key:      ${rt.devKeys.secretKey}`,
            `  development publishable key: ${rt.devKeys.publishableKey}`,
            `  (kept in ${cfg.dataDir}/dev-keys.json with the identity and webhook secrets; the same on every restart)`,
          ]
        : [`  keys: ${[cfg.secretKey && 'SLUICE_SECRET_KEY', cfg.publishableKey && 'SLUICE_PUBLISHABLE_KEY'].filter(Boolean).join(', ')} (from the environment; development keys off)`]),
    ].join('\n'),
  );
  // Listeners stay for the whole shutdown: a second signal (Ctrl-C reaches both `pnpm start`
  // and this process, and the former passes it on) must not kill it halfway through.
  const signal = await new Promise<string>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => resolve(sig));
  });
  const busy = server.inFlight();
  if (busy > 0) io.out(`Stopping (${signal}): waiting for ${plural(busy, 'request')} in flight (at most 10 s)…`);
  const report = await server.close();
  await rt.close();
  io.out(stoppedMessage(signal, Date.now() - started, report));
  return EXIT.ok;
}
