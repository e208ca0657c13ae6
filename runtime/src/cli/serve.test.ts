// Issue 11 §7: a secret key from the environment is never printed, neither at start-up nor in
// the logs, whatever the requests do with it. Runs the built server (pnpm -r build first).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../test-support/harness.js';
import { kill9, startServer } from '../test-support/process.js';
import type { ChildProcess } from 'node:child_process';

const SECRET = 'sk_never_printed_0123456789abcdef';
const PUBLISHABLE = 'pk_never_printed_either_0123456789';
const IDENTITY = 'idsec_never_printed_0123456789';
const root = tempDir('sluice-serve-');
let child: ChildProcess | undefined;
afterAll(async () => {
  if (child) await kill9(child);
  rmSync(root, { recursive: true, force: true });
});

describe('sluice serve with keys from the environment', () => {
  it('prints neither them nor development keys, in the start-up text or the logs (debug level)', async () => {
    for (const d of ['data', 'rules', 'examples']) mkdirSync(join(root, d));
    const s = await startServer(['--data', join(root, 'data'), '--rules', join(root, 'rules')], {
      SLUICE_SECRET_KEY: SECRET, SLUICE_PUBLISHABLE_KEY: PUBLISHABLE, SLUICE_IDENTITY_SECRET: IDENTITY, SLUICE_WEBHOOK_SECRET: 'whsec_x',
      SLUICE_LOG: 'debug', SLUICE_EXAMPLES_DIR: join(root, 'examples'), SLUICE_EDITOR_DIR: '', SLUICE_GIT: 'off',
    });
    child = s.child;
    const json = { 'content-type': 'application/json' };
    const answers = [
      await fetch(`${s.url}/v1/rulesets`, { headers: { authorization: `Bearer ${SECRET}` } }),
      await fetch(`${s.url}/v1/events?key=${SECRET}`, { method: 'POST', headers: json, body: '{"events":[]}' }), // refused: a secret key in the URL
      await fetch(`${s.url}/v1/events?key=${PUBLISHABLE}`, { method: 'POST', headers: json, body: '{"events":[{"id":"a","type":"t","at":1,"visitorId":"v"}]}' }),
      await fetch(`${s.url}/v1/score`, { method: 'POST', headers: { ...json, authorization: `Bearer ${SECRET}x` }, body: '{}' }),
      await fetch(`${s.url}/v1/identity-tokens`, { method: 'POST', headers: { ...json, authorization: `Bearer ${SECRET}` }, body: '{"leadId":"L1"}' }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 200, 401, 200]);
    for (const r of answers) expect(await r.text()).not.toContain(SECRET);
    await new Promise((r) => setTimeout(r, 200)); // the last log lines
    const out = s.output();
    expect(out).toContain('SLUICE_SECRET_KEY, SLUICE_PUBLISHABLE_KEY (from the environment; development keys off)');
    expect(out).toMatch(/"msg":"request"/); // the logs are in there
    for (const secret of [SECRET, PUBLISHABLE, IDENTITY, 'whsec_x']) expect(out).not.toContain(secret);
    expect(out).not.toMatch(/development secret key|sk_[A-Za-z0-9_-]{20,}/);
  });
});
