import type { MiddlewareHandler } from 'hono';
import type { HonoEnv, RateLimit } from '../context.js';
import { SluiceError } from '../errors.js';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per key, in memory: `burst` requests at once, refilled at `perSecond`.
 * Past it: 429 with Retry-After (whole seconds until a token is back).
 */
export function rateLimit(limit: RateLimit, clock: () => number): MiddlewareHandler<HonoEnv> {
  const buckets = new Map<string, Bucket>();
  return async (c, next) => {
    const id = c.get('key').hash;
    const now = clock();
    let b = buckets.get(id);
    if (!b) {
      if (buckets.size > 100_000) buckets.clear();
      b = { tokens: limit.burst, at: now };
      buckets.set(id, b);
    }
    b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
    b.at = now;
    if (b.tokens < 1) {
      const wait = Math.max(1, Math.ceil((1 - b.tokens) / limit.perSecond));
      throw new SluiceError('rate_limited', `rate limit: ${limit.perSecond} requests per second per key`, { retryAfterSeconds: wait }, { 'retry-after': String(wait) });
    }
    b.tokens -= 1;
    await next();
  };
}
