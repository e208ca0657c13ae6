// The browser tests' port (test/e2e/port.mjs, used by playwright.config.ts): a free one unless
// E2E_PORT says which; a taken E2E_PORT is refused with a message that says what to do.
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choosePort, probePort } from '../e2e/port.mjs';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
let taken: Server;
let takenPort = 0;

beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
  takenPort = (taken.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => taken.close(() => r())));

describe('choosePort', () => {
  it('without E2E_PORT picks a free port and records it for the workers', () => {
    const env: Record<string, string> = {};
    const port = choosePort(env);
    expect(port).toBeGreaterThan(0);
    expect(env).toEqual({ E2E_PORT: String(port), E2E_PORT_CHOSEN: '1' });
    expect(probePort(port)).toEqual({ ok: true, port });
  });

  it('keeps E2E_PORT when it is free (other checkouts rely on choosing theirs)', () => {
    const probe = probePort(0);
    if (!probe.ok) throw new Error(`no free port: ${probe.code}`);
    const free = probe.port;
    expect(choosePort({ E2E_PORT: String(free) })).toBe(free);
  });

  it('refuses a taken E2E_PORT, saying which and what to do', () => {
    expect(() => choosePort({ E2E_PORT: String(takenPort) })).toThrow(
      `E2E_PORT=${takenPort} is taken: something already listens on 127.0.0.1:${takenPort}. Stop it, choose another E2E_PORT, or leave E2E_PORT unset to use a free port.`,
    );
    expect(() => choosePort({ E2E_PORT: 'eighty' })).toThrow('E2E_PORT=eighty is not a port number (1-65535)');
  });

  it('does not probe again once chosen: by then the test server itself listens there', () => {
    expect(choosePort({ E2E_PORT: String(takenPort), E2E_PORT_CHOSEN: '1' })).toBe(takenPort);
  });

  it('playwright refuses to start on a taken E2E_PORT, before starting any server', () => {
    const env: Record<string, string | undefined> = { ...process.env, E2E_PORT: String(takenPort) };
    delete env.E2E_PORT_CHOSEN;
    const r = spawnSync('pnpm', ['exec', 'playwright', 'test', '--list'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain(`E2E_PORT=${takenPort} is taken`);
  });
});
