import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import type { ServeConfig } from './config.js';
import type { HonoEnv } from './context.js';
import { createApp } from './app.js';
import { openSqliteStore } from './store/sqlite.js';
import { Registry } from './registry/registry.js';
import { KeyRing, ensureDevKeys } from './keys.js';
import type { DevKeys } from './keys.js';
import { WebhookDispatcher } from './services/webhooks.js';
import { DestinationPolicy } from './services/webhook-destination.js';
import { jsonLogger } from './logger.js';
import type { Store } from './store/store.js';

export interface Runtime {
  app: Hono<HonoEnv>;
  store: Store;
  registry: Registry;
  dispatcher: WebhookDispatcher;
  devKeys: DevKeys;
  close(): Promise<void>;
}

/**
 * Opens everything `sluice serve` needs from a config: the SQLite store in the data
 * folder, the development keys, the registry, the webhook dispatcher, and the app.
 *
 * @example
 * const rt = await openRuntime(loadServeConfig({}));
 */
export async function openRuntime(cfg: ServeConfig): Promise<Runtime> {
  const log = jsonLogger(cfg.logLevel);
  await mkdir(cfg.dataDir, { recursive: true });
  await mkdir(cfg.rulesDir, { recursive: true });
  const store = openSqliteStore(join(cfg.dataDir, 'sluice.db'));
  const devKeys = await ensureDevKeys(cfg.dataDir, store, Date.now());
  const keys = new KeyRing(store);
  if (cfg.secretKey) keys.add(cfg.secretKey, 'secret', 'SLUICE_SECRET_KEY');
  if (cfg.publishableKey) keys.add(cfg.publishableKey, 'publishable', 'SLUICE_PUBLISHABLE_KEY', cfg.publishableOrigins);
  const registry = new Registry({ rulesDir: cfg.rulesDir, git: cfg.git, ...(cfg.examplesDir ? { examplesDir: cfg.examplesDir } : {}), log });
  // A publish killed half way (files without their commit, temp files) is finished before serving.
  await registry.recover();
  const dispatcher = new WebhookDispatcher(store, {
    secret: cfg.webhookSecret ?? devKeys.webhookSecret,
    maxAttempts: cfg.webhookMaxAttempts,
    baseDelayMs: cfg.webhookBaseDelayMs,
    timeoutMs: cfg.webhookTimeoutMs,
    policy: new DestinationPolicy(cfg.webhookAllow),
    log,
  });
  dispatcher.start(1000);
  const app = createApp({
    store,
    registry,
    keys,
    log,
    dispatcher,
    editorDir: cfg.editorDir,
    frameAncestors: cfg.frameAncestors,
    bodyLimit: cfg.bodyLimit,
    batchLineLimit: cfg.batchLineLimit,
    rateLimit: cfg.rateLimit,
    ...(cfg.defaultRuleSet ? { defaultRuleSet: cfg.defaultRuleSet } : {}),
    benchBare: cfg.benchBare,
  });
  // Compile the examples and read the rules folder now, so problems show in the log at start.
  const { ruleSets, problems } = await registry.list();
  for (const p of problems) log('error', 'invalid rule-set file', { file: p.file, errors: p.errors });
  log('info', 'rule sets loaded', { ruleSets: ruleSets.map((r) => `${r.id}@${r.published?.version ?? 'draft'}`) });
  return {
    app,
    store,
    registry,
    dispatcher,
    devKeys,
    async close() {
      dispatcher.stop();
      await store.close();
    },
  };
}
