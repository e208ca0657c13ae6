import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServeConfig } from './config.js';
import { createApp } from './app.js';
import type { SluiceApp } from './app.js';
import { openSqliteStore } from './store/sqlite.js';
import { openPostgresStore, redactUrl } from './store/postgres.js';
import type { Logger } from './context.js';
import type { RateLimiter } from './limits/limiter.js';
import { SharedVersions } from './registry/shared-versions.js';
import { prepareInBackground } from './services/funnel.js';
import type { VersionTable } from './registry/shared-versions.js';
import { Registry } from './registry/registry.js';
import { KeyRing, ensureDevKeys, ensureSecrets } from './keys.js';
import { privateDataDir, privateDatabaseFile } from './private-files.js';
import type { DevKeys } from './keys.js';
import { WebhookDispatcher } from './services/webhooks.js';
import { DestinationPolicy } from './services/webhook-destination.js';
import { jsonLogger } from './logger.js';
import type { Store } from './store/store.js';

export interface Runtime {
  app: SluiceApp;
  store: Store;
  registry: Registry;
  dispatcher: WebhookDispatcher;
  /** The development keys, when no keys are configured (null otherwise). */
  devKeys: DevKeys | null;
  close(): Promise<void>;
}

/** PostgreSQL when a database URL is given (several runtimes share it), else SQLite in the data folder. */
async function openStore(cfg: ServeConfig, log: Logger): Promise<Store & { limiter?: RateLimiter; versions?: VersionTable }> {
  if (cfg.databaseUrl) {
    const store = await openPostgresStore(cfg.databaseUrl, { poolSize: cfg.databasePool, onIdleError: (e) => log('warn', 'database connection lost (replaced on next use)', { error: e.message }) });
    log('info', 'store: PostgreSQL', { database: redactUrl(cfg.databaseUrl) });
    return store;
  }
  const dbFile = join(cfg.dataDir, 'sluice.db');
  await privateDatabaseFile(dbFile);
  return openSqliteStore(dbFile);
}

/** The webhook and identity secrets: the environment's, else generated once into the data folder. */
async function signingSecrets(cfg: ServeConfig, devKeys: DevKeys | null): Promise<{ webhookSecret: string; identitySecret: string }> {
  const { webhookSecret, identitySecret } = cfg;
  if (webhookSecret && identitySecret) return { webhookSecret, identitySecret };
  const generated = devKeys ?? (await ensureSecrets(cfg.dataDir));
  return { webhookSecret: webhookSecret ?? generated.webhookSecret, identitySecret: identitySecret ?? generated.identitySecret };
}

/**
 * Opens everything `sluice serve` needs from a config: the store (SQLite in the data
 * folder, or PostgreSQL at SLUICE_DATABASE_URL), the development keys, the registry, the webhook dispatcher, and the app.
 *
 * @example
 * const rt = await openRuntime(loadServeConfig({}));
 */
export async function openRuntime(cfg: ServeConfig): Promise<Runtime> {
  const log = jsonLogger(cfg.logLevel);
  // The database and the key files hold leads and secrets: the owner's alone.
  await privateDataDir(cfg.dataDir);
  await mkdir(cfg.rulesDir, { recursive: true });
  const store = await openStore(cfg, log);
  const keys = new KeyRing();
  // Development keys only when no key is configured: never beside configured ones.
  const devKeys = cfg.secretKey || cfg.publishableKey ? null : await ensureDevKeys(cfg.dataDir);
  if (devKeys) {
    keys.add(devKeys.secretKey, 'secret', 'development secret key');
    keys.add(devKeys.publishableKey, 'publishable', 'development publishable key', cfg.publishableOrigins);
  }
  if (cfg.secretKey) keys.add(cfg.secretKey, 'secret', 'SLUICE_SECRET_KEY');
  if (cfg.publishableKey) keys.add(cfg.publishableKey, 'publishable', 'SLUICE_PUBLISHABLE_KEY', cfg.publishableOrigins);
  const { webhookSecret, identitySecret } = await signingSecrets(cfg, devKeys);
  if (!devKeys && !(cfg.webhookSecret && cfg.identitySecret)) {
    log('warn', 'webhook or identity secret not configured: using the one generated in the data folder (secrets.json); set SLUICE_WEBHOOK_SECRET and SLUICE_IDENTITY_SECRET when several runtimes serve the same leads');
  }
  const registry = new Registry({ rulesDir: cfg.rulesDir, git: cfg.git, ...(cfg.examplesDir ? { examplesDir: cfg.examplesDir } : {}), log });
  // A publish killed half way (files without their commit, temp files) is finished before serving.
  await registry.recover();
  // On PostgreSQL, versions published by any runtime reach this one's rules folder: all of
  // them before listening, then within a poll (250 ms) of their publication.
  const sharedVersions = store.versions ? new SharedVersions(registry, store.versions, log) : undefined;
  if (sharedVersions) {
    await sharedVersions.sync();
    sharedVersions.start(250);
  }
  const dispatcher = new WebhookDispatcher(store, {
    secret: webhookSecret,
    maxAttempts: cfg.webhookMaxAttempts,
    baseDelayMs: cfg.webhookBaseDelayMs,
    timeoutMs: cfg.webhookTimeoutMs,
    policy: new DestinationPolicy(cfg.webhookAllow),
    leaseMs: cfg.webhookLeaseMs,
    log,
  });
  dispatcher.start(1000);
  const app = createApp({
    store,
    registry,
    ...(sharedVersions ? { sharedVersions } : {}),
    keys,
    log,
    dispatcher,
    editorDir: cfg.editorDir,
    frameAncestors: cfg.frameAncestors,
    bodyLimit: cfg.bodyLimit,
    batchLineLimit: cfg.batchLineLimit,
    rateLimits: cfg.rateLimits,
    // Several runtimes on one PostgreSQL share their limits; SQLite (one process) keeps them in memory.
    ...(store.limiter ? { limiter: store.limiter } : {}),
    trustProxy: cfg.trustProxy,
    identitySecret,
    ...(cfg.defaultRuleSet ? { defaultRuleSet: cfg.defaultRuleSet } : {}),
    leadEventLimit: cfg.leadEventLimit,
    benchBare: cfg.benchBare,
  });
  // Compile the examples and read the rules folder now, so problems show in the log at start.
  const { ruleSets, problems } = await registry.list();
  for (const p of problems) log('error', 'invalid rule-set file', { file: p.file, errors: p.errors });
  log('info', 'rule sets loaded', { ruleSets: ruleSets.map((r) => `${r.id}@${r.published?.version ?? 'draft'}`) });
  // The funnel's columns for each rule set's plan (after an upgrade, or a plan changed in git
  // while stopped), one rule set after another, while the runtime serves.
  prepareInBackground(store, registry, ruleSets.map((r) => r.id), log);
  // Before listening: leads whose changes were stored but not re-scored when the last
  // process died get their stage changes (with handoffs and webhooks) now.
  const rescored = await app.drainRescores();
  if (rescored > 0) log('info', 'queued leads re-scored at start', { leads: rescored });
  // A re-score that failed (say the store was busy) is retried even when no write comes.
  const drainTimer = setInterval(() => void app.drainRescores(false), 30_000);
  drainTimer.unref();
  return {
    app,
    store,
    registry,
    dispatcher,
    devKeys,
    async close() {
      clearInterval(drainTimer);
      sharedVersions?.stop();
      dispatcher.stop();
      await store.close();
    },
  };
}
