import type { Context, MiddlewareHandler } from 'hono';
import type { HonoEnv, RateLimit, RateLimits } from '../context.js';
import type { BucketRef, RateLimiter } from '../limits/limiter.js';
import { addressOf } from '../limits/address.js';
import { SluiceError } from '../errors.js';

/** Publishable-key routes whose body names visitors: the route charges them (see `visitors`). */
const VISITOR_ROUTES = /^\/v1\/(events|identify)$/;

function limited(wait: number, what: string): SluiceError {
  return new SluiceError('rate_limited', `rate limit: too many requests ${what}; retry in ${wait} s`, { retryAfterSeconds: wait }, { 'retry-after': String(wait) });
}

/**
 * The runtime's rate limits, over a {@link RateLimiter}:
 * - every request: its key's bucket;
 * - publishable keys (shared by every visitor of a site) also per client: the address's
 *   bucket and the bucket of each visitor id the request names, all taken together or not at
 *   all, so that one noisy client is stopped by its own buckets before it drains the key's;
 * - failed authentication per address: past its budget a 401 becomes a 429.
 * Past a limit: 429 with Retry-After.
 */
export class Limits {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly limits: RateLimits,
    private readonly clock: () => number,
    private readonly trustedProxies: number,
  ) {}

  private ref(prefix: string, id: string, limit: RateLimit | null): BucketRef[] {
    return limit ? [{ id: `${prefix}:${id}`, limit }] : [];
  }

  /** The key's bucket, and for a publishable key the address's. */
  private shared(c: Context<HonoEnv>): BucketRef[] {
    const key = c.get('key');
    const refs = this.ref('key', key.hash, this.limits.key);
    return key.kind === 'publishable' ? [...this.ref('addr', addressOf(c, this.trustedProxies), this.limits.address), ...refs] : refs;
  }

  private async take(refs: BucketRef[], what: string): Promise<void> {
    if (refs.length === 0) return;
    const wait = await this.limiter.take(refs, this.clock());
    if (wait > 0) throw limited(wait, what);
  }

  /**
   * After auth. Publishable requests to events and identify are charged by their route once
   * the visitor ids are known (`visitors`); here they are only refused early when the
   * address or the key is already out of tokens, and charged afterwards if the route never
   * got that far (an invalid body still costs its sender).
   */
  middleware(): MiddlewareHandler<HonoEnv> {
    return async (c, next) => {
      const refs = this.shared(c);
      if (c.get('key').kind !== 'publishable' || c.req.method !== 'POST' || !VISITOR_ROUTES.test(c.req.path)) {
        await this.take(refs, 'for this key');
        return next();
      }
      const wait = await this.limiter.wait(refs, this.clock());
      if (wait > 0) throw limited(wait, 'from this client');
      await next();
      if (!c.get('charged')) await this.limiter.take(refs, this.clock());
    };
  }

  /** Charges a publishable request to its address, its key and each visitor id it names. */
  async visitors(c: Context<HonoEnv>, visitorIds: Iterable<string>): Promise<void> {
    if (c.get('key').kind !== 'publishable') return;
    c.set('charged', true);
    const refs = this.shared(c);
    for (const v of new Set(visitorIds)) refs.unshift(...this.ref('visitor', v, this.limits.visitor));
    await this.take(refs, 'from this visitor');
  }

  /** Before auth: past its budget of failed authentications an address gets 429, not 401. */
  authFailures(): MiddlewareHandler<HonoEnv> {
    return async (c, next) => {
      await next();
      const limit = this.limits.authFailure;
      if (c.res.status !== 401 || !limit) return;
      const wait = await this.limiter.take(this.ref('authfail', addressOf(c, this.trustedProxies), limit), this.clock());
      if (wait > 0) {
        const e = limited(wait, 'with keys this runtime does not accept from this address');
        c.res = c.json(e.toBody(), 429, { ...e.headers, 'x-request-id': c.get('requestId') });
      }
    };
  }
}
