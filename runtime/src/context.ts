import type { Registry } from './registry/registry.js';
import type { Store, KeyRecord } from './store/store.js';
import type { KeyRing } from './keys.js';
import type { Metrics } from './metrics.js';
import type { Scoring } from './services/scoring.js';
import type { WebhookDispatcher } from './services/webhooks.js';
import type { RateLimiter } from './limits/limiter.js';
import type { SharedVersions } from './registry/shared-versions.js';
import type { Limits } from './middleware/rate-limit.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** Structured logger: one JSON line per call in production, silent in tests. */
export type Logger = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;

export interface RateLimit {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: the largest burst. */
  burst: number;
}

/** The runtime's rate limits; null turns one off. See middleware/rate-limit.ts. */
export interface RateLimits {
  /** Per key (SLUICE_RATE_LIMIT). */
  key: RateLimit | null;
  /** Per visitor id, publishable keys only (SLUICE_VISITOR_RATE_LIMIT). */
  visitor: RateLimit | null;
  /** Per client address, publishable keys only (SLUICE_ADDRESS_RATE_LIMIT). */
  address: RateLimit | null;
  /** Failed authentications per address (SLUICE_AUTH_FAILURE_LIMIT). */
  authFailure: RateLimit | null;
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
  /** JSON body limit in bytes (default 1 MB). */
  bodyLimit?: number;
  /** Largest NDJSON line of /v1/score/batch in bytes (default 1 MB). */
  batchLineLimit?: number;
  /** Rate limits (missing ones take their defaults); null turns them all off. */
  rateLimits?: Partial<RateLimits> | null;
  /** Where rate-limit buckets live (default: this process's memory). */
  limiter?: RateLimiter;
  /** Proxies in front whose X-Forwarded-For names the client (default 0: the socket address). */
  trustProxy?: number;
  /** The HMAC secret of identity tokens; without it a publishable key can link no visitor. */
  identitySecret?: string;
  /** Rule set used to re-score leads that were never scored with one. */
  defaultRuleSet?: string;
  /** Scoring reads at most this many newest events of a lead within its rule sets' horizon (default 1000). */
  leadEventLimit?: number;
  /** Several runtimes on one database: publishing also stores the version for the others. */
  sharedVersions?: SharedVersions;
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
  limits: Limits;
  identitySecret: string | undefined;
  sharedVersions: SharedVersions | undefined;
}

/** Hono's environment: per-request variables. */
export interface HonoEnv {
  Variables: {
    requestId: string;
    key: KeyRecord;
  };
}
