// @sluice/runtime: the HTTP app factory and what it is built from.
export { createApp } from './app.js';
export type { AppDeps, Logger, RateLimit, RateLimits } from './context.js';
export { MemoryRateLimiter } from './limits/limiter.js';
export type { RateLimiter, BucketRef } from './limits/limiter.js';
export { SluiceError, ERROR_STATUS } from './errors.js';
export type { ErrorCode, ErrorBody } from './errors.js';
export type { Store, NewEvent, StoredEvent, LeadRecord, LeadStage, StageChange, Handoff, WebhookDelivery, KeyRecord, KeyKind } from './store/store.js';
export { openSqliteStore } from './store/sqlite.js';
export { Registry } from './registry/registry.js';
export type { RegistryOptions, RuleSetSummary, Problem, PublishResult } from './registry/registry.js';
export { KeyRing, hashKey, generateKey, ensureDevKeys, ensureSecrets } from './keys.js';
export { WebhookDispatcher, signPayload } from './services/webhooks.js';
export { Metrics } from './metrics.js';
export { openApiDocument } from './openapi.js';
export { loadServeConfig } from './config.js';
export type { ServeConfig } from './config.js';
export { openRuntime } from './server.js';
export { listen } from './adapter/node.js';
