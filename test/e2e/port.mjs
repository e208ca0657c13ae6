// The port the browser tests' server listens on. E2E_PORT chooses it (several checkouts on one
// machine each take their own); a taken E2E_PORT is refused with what to do, before Playwright
// starts anything. Without E2E_PORT a free port is picked. Synchronous, because
// playwright.config.ts is: a child process tries to listen and reports.
import { spawnSync } from 'node:child_process';

const PROBE = `
const s = require('node:net').createServer();
s.once('error', (e) => { process.stdout.write('error ' + e.code); });
s.listen(Number(process.argv[1]), '127.0.0.1', () => { process.stdout.write('ok ' + s.address().port); s.close(); });
`;

/** Listens on 127.0.0.1:port for a moment: the port (a free one for 0), or the error code. */
export function probePort(port) {
  const r = spawnSync(process.execPath, ['-e', PROBE, String(port)], { encoding: 'utf8' });
  const [status, value] = (r.stdout ?? '').trim().split(' ');
  return status === 'ok' ? { ok: true, port: Number(value) } : { ok: false, code: value ?? `exit ${r.status}` };
}

/**
 * The port for this run. Sets E2E_PORT and E2E_PORT_CHOSEN in `env`, so that Playwright's
 * workers (which load the config again, with the runner's environment) and the web server see
 * the same port and do not probe it again: by then the server itself is listening there.
 * @throws Error naming E2E_PORT when the port asked for is taken or not a port
 */
export function choosePort(env = process.env) {
  if (env.E2E_PORT_CHOSEN === '1' && env.E2E_PORT) return Number(env.E2E_PORT);
  let port;
  if (env.E2E_PORT) {
    port = Number(env.E2E_PORT);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`E2E_PORT=${env.E2E_PORT} is not a port number (1-65535)`);
    const r = probePort(port);
    if (!r.ok) {
      throw new Error(
        r.code === 'EADDRINUSE'
          ? `E2E_PORT=${port} is taken: something already listens on 127.0.0.1:${port}. Stop it, choose another E2E_PORT, or leave E2E_PORT unset to use a free port.`
          : `E2E_PORT=${port} cannot be used (${r.code}): choose another, or leave E2E_PORT unset to use a free port.`,
      );
    }
  } else {
    const r = probePort(0);
    if (!r.ok) throw new Error(`no free port on 127.0.0.1 for the browser tests (${r.code})`);
    port = r.port;
  }
  env.E2E_PORT = String(port);
  env.E2E_PORT_CHOSEN = '1';
  return port;
}
