// Builds an app on temp folders for route tests: app.request(), no port, no sleep.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.js';
import type { AppDeps } from '../context.js';
import { openSqliteStore } from '../store/sqlite.js';
import { Registry } from '../registry/registry.js';
import { KeyRing } from '../keys.js';
import { WebhookDispatcher } from '../services/webhooks.js';
import type { Store } from '../store/store.js';
import { demoFlow, DEMO_ID } from './fixtures.js';

export const SECRET = 'sk_test_secret';
export const PUBLISHABLE = 'pk_test_any_origin';
export const PUBLISHABLE_SHOP = 'pk_test_shop_only';
/** The identity secret the harness's runtime checks identity tokens with. */
export const IDENTITY_SECRET = 'idsec_test_harness';

export interface Harness {
  app: ReturnType<typeof createApp>;
  store: Store;
  registry: Registry;
  dispatcher: WebhookDispatcher;
  dirs: { root: string; rules: string; examples: string; data: string };
  /** The server clock; tests move it. */
  clock: { now: number };
  req: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;
  json: <T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: T; res: Response }>;
  close: () => Promise<void>;
}

export function tempDir(prefix = 'sluice-rt-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function harness(over: Partial<AppDeps> & { examples?: Record<string, unknown>[]; webhookSecret?: string; registryRecheckMs?: number } = {}): Promise<Harness> {
  const root = tempDir();
  const dirs = { root, rules: join(root, 'rules'), examples: join(root, 'examples'), data: join(root, 'data') };
  for (const d of [dirs.rules, dirs.examples, dirs.data]) mkdirSync(d, { recursive: true });
  for (const f of over.examples ?? [demoFlow(DEMO_ID)]) writeFileSync(join(dirs.examples, `${String(f.id)}.flow.json`), JSON.stringify(f));
  const clock = { now: Date.parse('2025-06-02T10:00:00Z') }; // a Monday, 10:00 UTC
  const store = openSqliteStore(join(dirs.data, 'sluice.db'));
  const keys = new KeyRing();
  keys.add(SECRET, 'secret', 'test secret');
  keys.add(PUBLISHABLE, 'publishable', 'test publishable', null);
  keys.add(PUBLISHABLE_SHOP, 'publishable', 'shop publishable', ['https://shop.example']);
  const registry = new Registry({ rulesDir: dirs.rules, examplesDir: dirs.examples, recheckMs: over.registryRecheckMs ?? 0, clock: () => clock.now });
  const dispatcher = new WebhookDispatcher(store, { secret: over.webhookSecret ?? 'whsec_test', clock: () => clock.now, baseDelayMs: 1000, maxAttempts: 3, timeoutMs: 5000, background: false });
  const { examples: _e, webhookSecret: _w, registryRecheckMs: _r, ...deps } = over;
  const app = createApp({ store, registry, keys, clock: () => clock.now, dispatcher, rateLimits: null, identitySecret: IDENTITY_SECRET, ...deps });
  const req = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${SECRET}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  const json = async <T,>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const res = await req(method, path, body, headers);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, res };
  };
  return {
    app, store, registry, dispatcher, dirs, clock, req, json,
    async close() {
      dispatcher.stop();
      await store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
