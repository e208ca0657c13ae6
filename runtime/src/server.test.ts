// Issue 11 §7: keys and files. openRuntime as `sluice serve` runs it, in this process.
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadServeConfig } from './config.js';
import { openRuntime } from './server.js';
import type { Runtime } from './server.js';
import { hashKey } from './keys.js';
import { tempDir } from './test-support/harness.js';
import { DEMO_ID, demoFlow } from './test-support/fixtures.js';

const ENV_SECRET = 'sk_from_the_environment_0001';
const ENV_PUBLISHABLE = 'pk_from_the_environment_0001';
let root: string;
let rt: Runtime | null = null;
afterEach(async () => {
  await rt?.close();
  rt = null;
  rmSync(root, { recursive: true, force: true });
});

async function open(env: Record<string, string> = {}): Promise<Runtime> {
  await rt?.close();
  const cfg = loadServeConfig({ data: join(root, 'data'), rules: join(root, 'rules') }, { SLUICE_LOG: 'silent', SLUICE_EXAMPLES_DIR: '', SLUICE_EDITOR_DIR: '', SLUICE_GIT: 'off', ...env }, root);
  rt = await openRuntime(cfg);
  return rt;
}
const call = (r: Runtime, key: string, path = '/v1/rulesets', headers: Record<string, string> = {}) =>
  r.app.request(path, { headers: { authorization: `Bearer ${key}`, ...headers } });
const mode = (f: string) => statSync(f).mode & 0o777;

describe('development keys', () => {
  it('are created and accepted only when no key is configured', async () => {
    root = tempDir('sluice-keys-');
    const dev = (await open()).devKeys!;
    expect((await call(rt!, dev.secretKey)).status).toBe(200);
    // The same on every restart; a file of an older version (no identity secret) gains one.
    const file = join(root, 'data', 'dev-keys.json');
    const { identitySecret: _, ...older } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    writeFileSync(file, JSON.stringify(older));
    const again = (await open()).devKeys!;
    expect(again).toEqual({ ...dev, identitySecret: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(again.identitySecret).not.toBe(dev.identitySecret);
    // The same data folder, now with keys in the environment: the development keys stop working,
    // also the rows older versions kept for them in the database.
    const db = new Database(join(root, 'data', 'sluice.db'));
    db.prepare('INSERT OR REPLACE INTO api_keys (hash, kind, name, origins, created_at) VALUES (?, ?, ?, NULL, 0)').run(hashKey(dev.secretKey), 'secret', 'development secret key');
    db.close();
    const prod = await open({ SLUICE_SECRET_KEY: ENV_SECRET, SLUICE_PUBLISHABLE_KEY: ENV_PUBLISHABLE });
    expect(prod.devKeys).toBeNull();
    expect((await call(prod, dev.secretKey)).status).toBe(401);
    expect((await call(prod, dev.publishableKey, '/v1/rulesets/x/public')).status).toBe(401);
    expect((await call(prod, ENV_SECRET)).status).toBe(200);
  });

  it('a runtime with configured keys writes no development keys; its signing secrets go to secrets.json', async () => {
    root = tempDir('sluice-keys-');
    const r = await open({ SLUICE_SECRET_KEY: ENV_SECRET });
    expect(existsSync(join(root, 'data', 'dev-keys.json'))).toBe(false);
    const secrets = JSON.parse(readFileSync(join(root, 'data', 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(secrets).sort()).toEqual(['identitySecret', 'webhookSecret']);
    const minted = await r.app.request('/v1/identity-tokens', { method: 'POST', headers: { authorization: `Bearer ${ENV_SECRET}`, 'content-type': 'application/json' }, body: '{"leadId":"L1"}' });
    expect(minted.status).toBe(200);
    // With both secrets configured nothing is written.
    rmSync(join(root, 'data', 'secrets.json'));
    await open({ SLUICE_SECRET_KEY: ENV_SECRET, SLUICE_WEBHOOK_SECRET: 'w', SLUICE_IDENTITY_SECRET: 'i' });
    expect(existsSync(join(root, 'data', 'secrets.json'))).toBe(false);
  });
});

describe("publishable keys' allowed origins", () => {
  it('SLUICE_PUBLISHABLE_ORIGINS holds for every publishable key, the development one included', async () => {
    root = tempDir('sluice-keys-');
    for (const env of [{}, { SLUICE_PUBLISHABLE_KEY: ENV_PUBLISHABLE }] as Record<string, string>[]) {
      const r = await open({ SLUICE_PUBLISHABLE_ORIGINS: 'https://shop.example/, http://localhost:3000', ...env });
      const key = r.devKeys?.publishableKey ?? ENV_PUBLISHABLE;
      const from = async (origin: string) => (await call(r, key, '/v1/rulesets/none/public', { origin })).status;
      expect(await from('https://evil.example')).toBe(403);
      expect(await from('https://shop.example')).toBe(404); // allowed; the rule set does not exist
      expect(await from('http://localhost:3000')).toBe(404);
    }
  });

  it('a value that is not an origin stops the start', () => {
    expect(() => loadServeConfig({}, { SLUICE_PUBLISHABLE_ORIGINS: 'shop.example' })).toThrow(/"shop.example" is not an origin/);
  });
});

describe('the database setting', () => {
  it('--database wins over SLUICE_DATABASE_URL; none means SQLite; anything but a postgres:// URL stops the start', () => {
    expect(loadServeConfig({}, {}).databaseUrl).toBeUndefined();
    expect(loadServeConfig({}, { SLUICE_DATABASE_URL: 'postgres://a@h/db' }).databaseUrl).toBe('postgres://a@h/db');
    expect(loadServeConfig({ database: 'postgresql://b@h/db' }, { SLUICE_DATABASE_URL: 'postgres://a@h/db' }).databaseUrl).toBe('postgresql://b@h/db');
    expect(() => loadServeConfig({}, { SLUICE_DATABASE_URL: 'mysql://a@h/db' })).toThrow(/must be a postgres:\/\/ URL/);
  });
});

describe('files readable by the owner only', () => {
  it('a new data folder 0700; the database, its -wal and -shm, and the key files 0600, whatever the umask', async () => {
    root = tempDir('sluice-files-');
    const old = process.umask(0o022);
    try {
      const r = await open();
      // A write, so that the WAL and its index exist.
      await r.app.request('/v1/leads/L1', { method: 'PUT', headers: { authorization: `Bearer ${r.devKeys!.secretKey}`, 'content-type': 'application/json' }, body: '{"lead":{"a":1}}' });
      const data = join(root, 'data');
      expect(mode(data)).toBe(0o700);
      for (const f of ['sluice.db', 'sluice.db-wal', 'sluice.db-shm', 'dev-keys.json']) expect([f, mode(join(data, f))]).toEqual([f, 0o600]);
      await open({ SLUICE_SECRET_KEY: ENV_SECRET });
      expect(mode(join(data, 'secrets.json'))).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });

  it('narrows the files an older version left readable by others, not the folder', async () => {
    root = tempDir('sluice-files-');
    await open();
    await rt!.close();
    rt = null;
    const data = join(root, 'data');
    for (const f of ['sluice.db', 'dev-keys.json']) chmodSync(join(data, f), 0o644);
    chmodSync(data, 0o755);
    writeFileSync(join(data, 'sluice.db-wal'), '');
    chmodSync(join(data, 'sluice.db-wal'), 0o644);
    await open();
    for (const f of ['sluice.db', 'sluice.db-wal', 'dev-keys.json']) expect([f, mode(join(data, f))]).toEqual([f, 0o600]);
    // A folder that exists keeps its mode: it may be shared (--data /srv/app), not ours to change.
    expect(mode(data)).toBe(0o755);
  });
});

describe('the funnel at start', () => {
  it('works out each rule set\'s stage history for its funnel in the background, without a funnel being asked', async () => {
    root = tempDir('sluice-funnel-start-');
    const examples = join(root, 'examples');
    mkdirSync(examples);
    writeFileSync(join(examples, `${DEMO_ID}.flow.json`), JSON.stringify(demoFlow()));
    const first = await open({ SLUICE_EXAMPLES_DIR: examples });
    const T0 = Date.parse('2025-06-02T10:00:00Z');
    for (const [i, to] of ['Lead', 'MQL', 'SQL'].entries()) {
      await first.store.recordStageRecord({ leadId: 'L', ruleSetId: DEMO_ID, version: 1, cause: 'crm', to, reason: null, at: T0 + i * 86_400_000, source: 'crm', recordId: `r${i}` });
    }
    await first.close();
    rt = null;
    // As after an upgrade: no basis, no funnel columns.
    const file = join(root, 'data', 'sluice.db');
    const db = new Database(file);
    db.exec('DELETE FROM funnel_basis; DELETE FROM funnel_stages; UPDATE stage_history SET funnel_next_at = NULL');
    db.close();
    await open({ SLUICE_EXAMPLES_DIR: examples });
    const ready = () => {
      const d = new Database(file, { readonly: true });
      try {
        return d.prepare('SELECT ready FROM funnel_basis WHERE rule_set_id = ?').pluck().get(DEMO_ID) === 1
          && d.prepare('SELECT COUNT(funnel_next_at) FROM stage_history').pluck().get() === 2;
      } finally {
        d.close();
      }
    };
    await expect.poll(ready, { timeout: 5000 }).toBe(true);
  });
});
