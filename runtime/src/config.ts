import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RateLimit } from './context.js';
import { frameAncestors } from './routes/csp.js';

/** Everything `sluice serve` can be told; flags win over env, env over defaults. */
export interface ServeConfig {
  port: number;
  host: string;
  dataDir: string;
  rulesDir: string;
  examplesDir: string | null;
  editorDir: string | null;
  bodyLimit: number;
  batchLineLimit: number;
  rateLimit: RateLimit | null;
  defaultRuleSet: string | undefined;
  secretKey: string | undefined;
  publishableKey: string | undefined;
  /** Allowed origins for SLUICE_PUBLISHABLE_KEY; null = any. */
  publishableOrigins: string[] | null;
  webhookSecret: string | undefined;
  webhookMaxAttempts: number;
  webhookBaseDelayMs: number;
  webhookTimeoutMs: number;
  /** CSP frame-ancestors of the editor page. */
  frameAncestors: string[];
  /** Non-public addresses webhooks may reach anyway (CIDR ranges or addresses). */
  webhookAllow: string[];
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

/** A comma-separated setting as a list (blank entries dropped). */
function list(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** `SLUICE_RATE_LIMIT=<perSecond>[:<burst>]`; 0 or off disables it. */
export function parseRateLimit(v: string | undefined): RateLimit | null {
  if (v === undefined || v === '') return { perSecond: 200, burst: 400 };
  if (v === '0' || v === 'off') return null;
  const m = /^(\d+(?:\.\d+)?)(?::(\d+))?$/.exec(v);
  if (!m) throw new Error(`SLUICE_RATE_LIMIT must be <perSecond>[:<burst>] or off, got "${v}"`);
  const perSecond = Number(m[1]);
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
    examplesDir: examples === '' ? null : existsSync(examples) ? resolve(cwd, examples) : null,
    editorDir: editor === '' ? null : resolve(cwd, editor),
    bodyLimit: int(env.SLUICE_BODY_LIMIT, 'SLUICE_BODY_LIMIT', 1024 * 1024),
    batchLineLimit: int(env.SLUICE_BATCH_LINE_LIMIT, 'SLUICE_BATCH_LINE_LIMIT', 1024 * 1024),
    rateLimit: parseRateLimit(env.SLUICE_RATE_LIMIT),
    defaultRuleSet: env.SLUICE_DEFAULT_RULESET || undefined,
    secretKey: env.SLUICE_SECRET_KEY || undefined,
    publishableKey: env.SLUICE_PUBLISHABLE_KEY || undefined,
    publishableOrigins: env.SLUICE_PUBLISHABLE_ORIGINS ? list(env.SLUICE_PUBLISHABLE_ORIGINS) : null,
    webhookSecret: env.SLUICE_WEBHOOK_SECRET || undefined,
    webhookMaxAttempts: int(env.SLUICE_WEBHOOK_MAX_ATTEMPTS, 'SLUICE_WEBHOOK_MAX_ATTEMPTS', 8),
    webhookBaseDelayMs: int(env.SLUICE_WEBHOOK_BASE_DELAY_MS, 'SLUICE_WEBHOOK_BASE_DELAY_MS', 1000),
    webhookTimeoutMs: int(env.SLUICE_WEBHOOK_TIMEOUT_MS, 'SLUICE_WEBHOOK_TIMEOUT_MS', 10_000),
    webhookAllow: list(env.SLUICE_WEBHOOK_ALLOW),
    frameAncestors: frameAncestors(env.SLUICE_FRAME_ANCESTORS),
    logLevel: logLevel === 'silent' || logLevel === 'debug' ? logLevel : 'info',
    benchBare: env.SLUICE_BENCH_BARE === '1',
    git: env.SLUICE_GIT === 'on' || env.SLUICE_GIT === 'off' ? env.SLUICE_GIT : 'auto',
  };
}
