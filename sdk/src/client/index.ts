// @sluice/sdk/client: typed calls to the Sluice runtime, and in-process scoring.
export { createClient } from './client.js';
export type { SluiceClient } from './client.js';
export { SluiceError, retryAfterMs } from './http.js';
export type { ClientOptions } from './http.js';
export { createLocalScorer } from './local.js';
export { createIdentityToken, verifyIdentityToken, IDENTITY_TOKEN_VERSION, IDENTITY_TOKEN_DEFAULT_TTL_SECONDS, IDENTITY_TOKEN_MAX_TTL_SECONDS } from './identity-token.js';
export type { IdentityTokenOptions, IdentityTokenCheck } from './identity-token.js';
export type { LocalScorer } from './local.js';
export { RuleSetError } from '../core/errors.js';
export type * from './types.js';
