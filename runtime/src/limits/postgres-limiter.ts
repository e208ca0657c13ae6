import type { BucketRef, RateLimiter } from './limiter.js';
import { MemoryRateLimiter } from './limiter.js';
import { SluiceError } from '../errors.js';

/** Runs one SQL statement (the PostgreSQL store's pool, with its outage handling). */
export type Query = (text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

/** Idle buckets are deleted at most this often (a deleted bucket is a full one). */
const PRUNE_EVERY_MS = 60_000;

/**
 * Token buckets in PostgreSQL, shared by every runtime on the database: a client limited
 * to 50 requests a second gets 50 in all, not 50 per instance. One round trip per request
 * (the function sluice_rate_take, schema version 2), all-or-none like MemoryRateLimiter.
 * While the database is unreachable the limits are kept per process instead: a limiter
 * outage must not turn requests that need no database (scoring an inline lead) into 503s.
 *
 * @example
 * const store = await openPostgresStore(url);
 * const app = createApp({ store, limiter: store.limiter, ... });
 */
export class PostgresRateLimiter implements RateLimiter {
  private lastPrune = 0;
  private readonly fallback = new MemoryRateLimiter();

  constructor(private readonly query: Query) {}

  async take(buckets: BucketRef[], now: number): Promise<number> {
    return this.call(buckets, now, false);
  }

  async refund(buckets: BucketRef[], now: number): Promise<void> {
    await this.call(buckets, now, true);
  }

  private async call(buckets: BucketRef[], now: number, refund: boolean): Promise<number> {
    if (buckets.length === 0) return 0;
    const byId = new Map(buckets.map((b) => [b.id, b.limit]));
    const ids = [...byId.keys()];
    let rows: Record<string, unknown>[];
    try {
      rows = await this.query('SELECT sluice_rate_take($1::text[], $2::float8[], $3::float8[], $4, $5) AS wait', [
        ids, ids.map((id) => byId.get(id)!.perSecond), ids.map((id) => byId.get(id)!.burst), now, refund,
      ]);
      if (now - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = now;
        await this.query('DELETE FROM rate_buckets WHERE full_at < $1', [now]);
      }
    } catch (e) {
      if (!(e instanceof SluiceError && e.code === 'unavailable')) throw e;
      if (refund) return this.fallback.refund(buckets, now).then(() => 0);
      return this.fallback.take(buckets, now);
    }
    return Number(rows[0]?.wait ?? 0);
  }
}
