import type { RateLimit } from '../context.js';

/** A token bucket named by `id` (e.g. `key:<hash>`, `addr:<address>`) with its limit. */
export interface BucketRef {
  id: string;
  limit: RateLimit;
}

/**
 * Where rate-limit buckets live. Per process today ({@link MemoryRateLimiter}); a limiter
 * shared by several runtimes (PostgreSQL, Redis) implements the same calls, hence async.
 */
export interface RateLimiter {
  /**
   * Takes one token from every bucket, or from none when any is empty. Resolves with 0 when
   * taken, else the whole seconds until every bucket has a token again.
   */
  take(buckets: BucketRef[], now: number): Promise<number>;
  /** Gives one token back to every bucket: a request charged up front that a narrower bucket then refused. */
  refund(buckets: BucketRef[], now: number): Promise<void>;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets in this process's memory: `burst` requests at once, refilled at
 * `perSecond`. At most `maxBuckets` are kept; past that the least recently used go (a
 * forgotten bucket is a full one, which is what an idle client's bucket would be anyway).
 *
 * @example
 * const limiter = new MemoryRateLimiter();
 * const wait = await limiter.take([{ id: 'addr:203.0.113.9', limit: { perSecond: 50, burst: 100 } }], Date.now());
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly maxBuckets = 100_000) {}

  /** How many buckets are held now (bounded by maxBuckets). */
  get size(): number {
    return this.buckets.size;
  }

  async take(refs: BucketRef[], now: number): Promise<number> {
    const wait = this.check(refs, now);
    if (wait === 0) for (const r of refs) this.buckets.get(r.id)!.tokens -= 1;
    return wait;
  }

  async refund(refs: BucketRef[], now: number): Promise<void> {
    this.check(refs, now);
    for (const r of refs) {
      const b = this.buckets.get(r.id)!;
      b.tokens = Math.min(r.limit.burst, b.tokens + 1);
    }
  }

  /** Refills the buckets to `now` and returns the seconds until all have a token. */
  private check(refs: BucketRef[], now: number): number {
    let wait = 0;
    for (const { id, limit } of refs) {
      let b = this.buckets.get(id);
      if (b) {
        // Re-inserted: the Map's order is then least recently used first.
        this.buckets.delete(id);
        b.tokens = Math.min(limit.burst, b.tokens + (Math.max(0, now - b.at) / 1000) * limit.perSecond);
        b.at = now;
      } else {
        b = { tokens: limit.burst, at: now };
        if (this.buckets.size >= this.maxBuckets) this.buckets.delete(this.buckets.keys().next().value!);
      }
      this.buckets.set(id, b);
      if (b.tokens < 1) wait = Math.max(wait, Math.ceil((1 - b.tokens) / limit.perSecond));
    }
    return wait;
  }
}
