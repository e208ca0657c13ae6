import { loadServeConfig } from '../config.js';
import { openRuntime } from '../server.js';
import { listen } from '../adapter/node.js';
import type { Args } from './args.js';
import type { Io } from './commands.js';

/** `sluice serve`: opens the runtime and listens until SIGINT / SIGTERM. */
export async function serveCmd(a: Args, io: Io): Promise<number> {
  const cfg = loadServeConfig(a.flags);
  const rt = await openRuntime(cfg);
  const { port, close } = await listen(rt.app, cfg.port, cfg.host);
  const url = `http://${cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host}:${port}`;
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
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await close();
  await rt.close();
  return 0;
}
