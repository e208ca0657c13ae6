import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RateLimit, RateLimits } from './context.js';
import { DEFAULT_RATE_LIMITS } from './middleware/rate-limit.js';

/** Everything `sluice serve` can be told; flags win over env, env over defaults. */
export interface ServeConfig {
  port: number;
  host: string;
  dataDir: string;
  rulesDir: string;
  /** SLUICE_DATABASE_URL / --database: a postgres:// URL selects PostgreSQL; unset = SQLite in dataDir. */
  databaseUrl: string | undefined;
  /** Query connections per runtime (SLUICE_DATABASE_POOL); as many again may hold locks. */
  databasePool: number;
  /** How long a claimed webhook delivery is this runtime's before another may retry it (SLUICE_WEBHOOK_LEASE_MS). */
  webhookLeaseMs: number;
  examplesDir: string | null;
  editorDir: string | null;
  bodyLimit: number;
  batchLineLimit: number;
  /** Per key (SLUICE_RATE_LIMIT), per visitor, per address, failed authentications per address. */
  rateLimits: RateLimits;
  /** Proxies in front whose X-Forwarded-For is trusted (SLUICE_TRUST_PROXY); 0 = the socket address. */
  trustProxy: number;
  defaultRuleSet: string | undefined;
  /** Scoring reads at most this many newest events per lead (the retention per lead). */
  leadEventLimit: number;
  secretKey: string | undefined;
  publishableKey: string | undefined;
  /** Allowed origins of every publishable key (SLUICE_PUBLISHABLE_ORIGINS); null = any. */
  publishableOrigins: string[] | null;
  webhookSecret: string | undefined;
  /** The HMAC secret of identity tokens (SLUICE_IDENTITY_SECRET). */
  identitySecret: string | undefined;
  webhookMaxAttempts: number;
  webhookBaseDelayMs: number;
  logLevel: 'silent' | 'info' | 'debug';
  benchBare: boolean;
  git: 'auto' | 'on' | 'off';
}

/** The repository root when running from a checkout (runtime/dist/.. /..). */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function int(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${v}"`);
  return n;
}

/**
 * SLUICE_PUBLISHABLE_ORIGINS: comma-separated origins (`https://shop.example`,
 * `http://localhost:3000`), each compared exactly with the browser's Origin header; unset =
 * any origin. Written as URLs they are cut to their origin; anything else stops the start
 * (a typo must not silently refuse every visitor).
 */
export function parseOrigins(v: string | undefined): string[] | null {
  if (v === undefined || v.trim() === '') return null;
  return v.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    let u: URL | null = null;
    try {
      u = new URL(s);
    } catch {
      u = null;
    }
    if (!u || !/^https?:$/.test(u.protocol) || u.origin === 'null') throw new Error(`SLUICE_PUBLISHABLE_ORIGINS: "${s}" is not an origin such as https://shop.example`);
    return u.origin;
  });
}

/** SLUICE_DATABASE_URL: empty = SQLite; else a postgres:// (or postgresql://) URL, or the start stops. */
function databaseUrl(v: string | undefined): string | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(v.trim())) throw new Error('SLUICE_DATABASE_URL (--database) must be a postgres:// URL; leave it unset for SQLite in the data folder');
  return v.trim();
}

/** SLUICE_TRUST_PROXY: `false`/0 (default), `true` (one proxy) or the number of proxies. */
function proxies(v: string | undefined): number {
  if (v === 'true') return 1;
  if (v === 'false') return 0;
  return int(v, 'SLUICE_TRUST_PROXY (true, false or a number of proxies)', 0);
}

/** `<perSecond>[:<burst>]` (e.g. SLUICE_RATE_LIMIT); 0 or off disables it. */
export function parseRateLimit(v: string | undefined, name = 'SLUICE_RATE_LIMIT', fallback: RateLimit | null = DEFAULT_RATE_LIMITS.key): RateLimit | null {
  if (v === undefined || v === '') return fallback;
  if (v === '0' || v === 'off') return null;
  const m = /^(\d+(?:\.\d+)?)(?::(\d+))?$/.exec(v);
  if (!m) throw new Error(`${name} must be <perSecond>[:<burst>] or off, got "${v}"`);
  const perSecond = Number(m[1]);
  if (perSecond === 0) return null;
  return { perSecond, burst: m[2] ? Number(m[2]) : Math.max(1, Math.ceil(perSecond * 2)) };
}

/** Reads flags (`--port`, `--data`, `--rules`, `--host`) and the environment. */
export function loadServeConfig(flags: Record<string, string | undefined>, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServeConfig {
  const examples = env.SLUICE_EXAMPLES_DIR ?? join(repoRoot, 'examples');
  const editor = env.SLUICE_EDITOR_DIR ?? join(repoRoot, 'editor', 'dist');
  const logLevel = env.SLUICE_LOG ?? (env.VITEST ? 'silent' : 'info');
  return {
    port: int(flags.port ?? env.PORT, 'port', 8787),
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    dataDir: resolve(cwd, flags.data ?? env.SLUICE_DATA_DIR ?? '.data'),
    rulesDir: resolve(cwd, flags.rules ?? env.SLUICE_RULES_DIR ?? 'rulesets'),
    databaseUrl: databaseUrl(flags.database ?? env.SLUICE_DATABASE_URL),
    databasePool: Math.max(1, int(env.SLUICE_DATABASE_POOL, 'SLUICE_DATABASE_POOL', 10)),
    webhookLeaseMs: int(env.SLUICE_WEBHOOK_LEASE_MS, 'SLUICE_WEBHOOK_LEASE_MS', 60_000),
    examplesDir: examples === '' ? null : existsSync(examples) ? resolve(cwd, examples) : null,
    editorDir: editor === '' ? null : resolve(cwd, editor),
    bodyLimit: int(env.SLUICE_BODY_LIMIT, 'SLUICE_BODY_LIMIT', 1024 * 1024),
    batchLineLimit: int(env.SLUICE_BATCH_LINE_LIMIT, 'SLUICE_BATCH_LINE_LIMIT', 1024 * 1024),
    rateLimits: {
      key: parseRateLimit(env.SLUICE_RATE_LIMIT),
      visitor: parseRateLimit(env.SLUICE_VISITOR_RATE_LIMIT, 'SLUICE_VISITOR_RATE_LIMIT', DEFAULT_RATE_LIMITS.visitor),
      address: parseRateLimit(env.SLUICE_ADDRESS_RATE_LIMIT, 'SLUICE_ADDRESS_RATE_LIMIT', DEFAULT_RATE_LIMITS.address),
      authFailure: parseRateLimit(env.SLUICE_AUTH_FAILURE_LIMIT, 'SLUICE_AUTH_FAILURE_LIMIT', DEFAULT_RATE_LIMITS.authFailure),
    },
    trustProxy: proxies(env.SLUICE_TRUST_PROXY),
    defaultRuleSet: env.SLUICE_DEFAULT_RULESET || undefined,
    leadEventLimit: Math.max(1, int(env.SLUICE_LEAD_EVENT_LIMIT, 'SLUICE_LEAD_EVENT_LIMIT', 1000)),
    secretKey: env.SLUICE_SECRET_KEY || undefined,
    publishableKey: env.SLUICE_PUBLISHABLE_KEY || undefined,
    publishableOrigins: parseOrigins(env.SLUICE_PUBLISHABLE_ORIGINS),
    webhookSecret: env.SLUICE_WEBHOOK_SECRET || undefined,
    identitySecret: env.SLUICE_IDENTITY_SECRET || undefined,
    webhookMaxAttempts: int(env.SLUICE_WEBHOOK_MAX_ATTEMPTS, 'SLUICE_WEBHOOK_MAX_ATTEMPTS', 8),
    webhookBaseDelayMs: int(env.SLUICE_WEBHOOK_BASE_DELAY_MS, 'SLUICE_WEBHOOK_BASE_DELAY_MS', 1000),
    logLevel: logLevel === 'silent' || logLevel === 'debug' ? logLevel : 'info',
    benchBare: env.SLUICE_BENCH_BARE === '1',
    git: env.SLUICE_GIT === 'on' || env.SLUICE_GIT === 'off' ? env.SLUICE_GIT : 'auto',
  };
}
