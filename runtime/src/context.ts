import type { Registry } from './registry/registry.js';
import type { Store, KeyRecord } from './store/store.js';
import type { KeyRing } from './keys.js';
import type { Metrics } from './metrics.js';
import type { Scoring } from './services/scoring.js';
import type { WebhookDispatcher } from './services/webhooks.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** Structured logger: one JSON line per call in production, silent in tests. */
export type Logger = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;

export interface RateLimit {
  /** Tokens added per second per key. */
  perSecond: number;
  /** Bucket size: the largest burst. */
  burst: number;
}

/** What createApp needs. Everything stateful comes in here, so tests pass their own. */
export interface AppDeps {
  store: Store;
  registry: Registry;
  keys: KeyRing;
  /** The server clock (epoch ms); the engine never reads a clock, the runtime passes `now`. */
  clock?: () => number;
  log?: Logger;
  metrics?: Metrics;
  /** Background webhook delivery; stage changes kick it. */
  dispatcher?: WebhookDispatcher;
  /** The editor's built files, served at `/` (a plain page listing rule sets otherwise). */
  editorDir?: string | null;
  /** Who may frame the editor: CSP frame-ancestors sources (default 'none'). */
  frameAncestors?: readonly string[];
  /** JSON body limit in bytes (default 1 MB). */
  bodyLimit?: number;
  /** Largest NDJSON line of /v1/score/batch in bytes (default 1 MB). */
  batchLineLimit?: number;
  /** Per-key token bucket; null turns rate limiting off. */
  rateLimit?: RateLimit | null;
  /** Rule set used to re-score leads that were never scored with one. */
  defaultRuleSet?: string;
  /** Serves GET /bench/bare (a fixed JSON body) for the HTTP benchmark's baseline. */
  benchBare?: boolean;
}

/** Services shared by the route modules. */
export interface Services {
  store: Store;
  registry: Registry;
  keys: KeyRing;
  clock: () => number;
  log: Logger;
  metrics: Metrics;
  scoring: Scoring;
  dispatcher: WebhookDispatcher | undefined;
  bodyLimit: number;
  batchLineLimit: number;
}

/** Hono's environment: per-request variables. */
export interface HonoEnv {
  Variables: {
    requestId: string;
    key: KeyRecord;
  };
}
