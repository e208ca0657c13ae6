import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../store/postgres.js';
import type { PostgresStore } from '../store/postgres.js';
import { createTestDatabase, postgres } from '../test-support/postgres.js';
import { PostgresRateLimiter } from './postgres-limiter.js';
import { SluiceError } from '../errors.js';

describe('PostgresRateLimiter while the database is unreachable', () => {
  it('limits per process instead of failing the request', async () => {
    const down = async (): Promise<never> => {
      throw new SluiceError('unavailable', 'the database is unavailable');
    };
    const l = new PostgresRateLimiter(down);
    const key = { id: 'key:abc', limit: { perSecond: 1, burst: 2 } };
    expect([await l.take([key], 0), await l.take([key], 0), await l.take([key], 0)]).toEqual([0, 0, 1]);
    // Anything else is a bug, not an outage: it is not hidden.
    const broken = new PostgresRateLimiter(async () => {
      throw new Error('syntax error');
    });
    await expect(broken.take([key], 0)).rejects.toThrow('syntax error');
  });
});

const limit = { perSecond: 2, burst: 3 };

describe.skipIf(!postgres.available)(`PostgresRateLimiter${postgres.skipNote}`, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  const stores: PostgresStore[] = [];
  const open = async (n: number) => {
    db = await createTestDatabase();
    const url = db.url;
    stores.push(...(await Promise.all(Array.from({ length: n }, () => openPostgresStore(url)))));
    return stores.map((s) => s.limiter);
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await db?.drop();
  });

  it('takes from every bucket or from none, and says how long to wait (as MemoryRateLimiter does)', async () => {
    const [l] = await open(1);
    const a = { id: 'a', limit }, b = { id: 'b', limit: { perSecond: 1, burst: 1 } };
    expect(await l!.take([a, b], 0)).toBe(0);
    expect(await l!.take([a, b], 0)).toBe(1);
    expect(await l!.take([a], 0)).toBe(0);
    expect(await l!.take([a], 0)).toBe(0);
    expect(await l!.take([a], 0)).toBe(1);
    await l!.refund([a], 0);
    expect(await l!.take([a], 0)).toBe(0);
    expect(await l!.take([a], 500)).toBe(0); // refilled: 2 per second
    expect(await l!.take([a], 500)).toBe(1);
  });

  it('is one limit across runtimes: the burst is shared, not multiplied, even when they take at once', async () => {
    const limiters = await open(3);
    const key = { id: 'key:abc', limit: { perSecond: 1, burst: 10 } };
    const waits = await Promise.all(Array.from({ length: 30 }, (_, i) => limiters[i % 3]!.take([key], 1000)));
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
    expect(waits.filter((w) => w > 0)).toHaveLength(20);
    // A second later each has refilled one token for all of them together.
    expect(await limiters[1]!.take([key], 2000)).toBe(0);
    expect(await limiters[2]!.take([key], 2000)).toBe(1);
  });
});
