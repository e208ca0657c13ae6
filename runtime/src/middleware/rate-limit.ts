import type { Context, MiddlewareHandler } from 'hono';
import type { HonoEnv, RateLimit, RateLimits } from '../context.js';
import type { BucketRef, RateLimiter } from '../limits/limiter.js';
import { addressOf } from '../limits/address.js';
import { SluiceError } from '../errors.js';

/** The defaults of the rate limits (requests per second and burst). */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  key: { perSecond: 200, burst: 400 },
  visitor: { perSecond: 10, burst: 30 },
  address: { perSecond: 50, burst: 100 },
  authFailure: { perSecond: 1, burst: 20 },
};

function limited(wait: number, what: string): SluiceError {
  return new SluiceError('rate_limited', `rate limit: too many requests ${what}; retry in ${wait} s`, { retryAfterSeconds: wait }, { 'retry-after': String(wait) });
}

/**
 * The runtime's rate limits, over a {@link RateLimiter}:
 * - every request: its key's bucket;
 * - publishable keys (shared by every visitor of a site) also per client: the address's
 *   bucket and the bucket of each visitor id the request names, so that one noisy client is
 *   stopped by its own buckets before it drains the key's (the address's and the key's are
 *   taken together or not at all; what a visitor's bucket refuses is given back);
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
    const wait = await this.limiter.take(refs, this.clock());
    if (wait > 0) throw limited(wait, what);
  }

  /** After auth: every request is charged to its key's bucket (and a publishable one to its address's) up front. */
  middleware(): MiddlewareHandler<HonoEnv> {
    return async (c, next) => {
      await this.take(this.shared(c), c.get('key').kind === 'publishable' ? 'from this client' : 'for this key');
      await next();
    };
  }

  /**
   * A publishable request's visitor ids, once the route has read them: each visitor has its
   * own bucket. A request its visitor's bucket refuses gets back what it was charged up
   * front, so that a noisy visitor behind an address shared with others (an office) does not
   * use up the address's budget.
   */
  async visitors(c: Context<HonoEnv>, visitorIds: Iterable<string>): Promise<void> {
    if (c.get('key').kind !== 'publishable' || !this.limits.visitor) return;
    const refs = [...new Set(visitorIds)].flatMap((v) => this.ref('visitor', v, this.limits.visitor));
    const wait = await this.limiter.take(refs, this.clock());
    if (wait === 0) return;
    await this.limiter.refund(this.shared(c), this.clock());
    throw limited(wait, 'from this visitor');
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
