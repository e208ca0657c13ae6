import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './limiter.js';

const limit = { perSecond: 2, burst: 3 };

describe('MemoryRateLimiter', () => {
  it('takes from every bucket or from none, and says how long to wait', async () => {
    const l = new MemoryRateLimiter();
    const a = { id: 'a', limit }, b = { id: 'b', limit: { perSecond: 1, burst: 1 } };
    expect(await l.take([a, b], 0)).toBe(0);
    // b is empty: a keeps its tokens.
    expect(await l.take([a, b], 0)).toBe(1);
    expect(await l.take([a], 0)).toBe(0);
    expect(await l.take([a], 0)).toBe(0);
    expect(await l.take([a], 0)).toBe(1);
    await l.refund([a], 0);
    expect(await l.take([a], 0)).toBe(0);
    expect(await l.take([a], 500)).toBe(0); // refilled: 2 per second
    expect(await l.take([a], 500)).toBe(1);
  });

  it('holds at most maxBuckets, forgetting the least recently used', async () => {
    const l = new MemoryRateLimiter(100);
    const hot = { id: 'hot', limit: { perSecond: 1, burst: 1 } };
    await l.take([hot], 0);
    for (let i = 0; i < 10_000; i++) {
      await l.take([{ id: `client-${i}`, limit }], 0);
      if (i % 50 === 0) await l.take([hot], 0); // refused (empty), but used
    }
    expect(l.size).toBe(100);
    // The bucket used all along is still there, emptied earlier, not a fresh one.
    expect(await l.take([hot], 0)).toBe(1);
  });
});
