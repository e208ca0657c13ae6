// Issue 11 §3: one client on the shared publishable key must not starve every visitor.
import { afterEach, describe, expect, it } from 'vitest';
import { harness, PUBLISHABLE, SECRET } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

let n = 0;
/** POST /v1/events from a client: its socket address (as @hono/node-server passes it) and visitor id. */
function send(address: string, visitorId: string, headers: Record<string, string> = {}, body?: string): Promise<Response> {
  const events = [{ id: `e${n++}`, type: 'page_view', at: '2025-06-02T09:00:00Z', visitorId }];
  return Promise.resolve(
    h.app.request(
      '/v1/events',
      { method: 'POST', headers: { authorization: `Bearer ${PUBLISHABLE}`, 'content-type': 'application/json', ...headers }, body: body ?? JSON.stringify({ events }) },
      { incoming: { socket: { remoteAddress: address } } },
    ),
  );
}

async function statuses(rs: (Response | Promise<Response>)[]): Promise<Record<number, number>> {
  const out: Record<number, number> = {};
  for (const r of rs) {
    const s = (await r).status;
    out[s] = (out[s] ?? 0) + 1;
  }
  return out;
}

describe('rate limits on the publishable key: per client as well as per key', () => {
  it('one noisy client, 30 real visitor events: every real visitor gets through', async () => {
    h = await harness({ rateLimits: {} }); // the defaults; the clock stands still, so nothing refills
    const noisy = await statuses(Array.from({ length: 1000 }, () => send('203.0.113.9', 'noisy-visitor')));
    expect(noisy[429]).toBeGreaterThan(900);
    const refused = await send('203.0.113.9', 'noisy-visitor');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // 30 real visitors, each on its own address.
    const real = await statuses(Array.from({ length: 30 }, (_, i) => send(`198.51.100.${i + 1}`, `visitor-${i}`)));
    expect(real).toEqual({ 200: 30 });
  });

  it('a noisy client changing its visitor id is held by its address; one behind a shared address by its visitor id', async () => {
    h = await harness({ rateLimits: {} });
    const rotating = await statuses(Array.from({ length: 500 }, (_, i) => send('203.0.113.9', `fake-${i}`)));
    expect(rotating[200]).toBe(100); // the address's burst
    // An office behind one NAT address: a noisy visitor is refused by its own bucket, which
    // leaves the address's tokens to its colleagues.
    await statuses(Array.from({ length: 500 }, () => send('192.0.2.7', 'noisy-colleague')));
    expect(await statuses(Array.from({ length: 30 }, (_, i) => send('192.0.2.7', `colleague-${i}`)))).toEqual({ 200: 30 });
  });

  it('an invalid body still costs its sender: refused requests cannot be sent without limit', async () => {
    h = await harness({ rateLimits: {} });
    const r = await statuses(Array.from({ length: 300 }, () => send('203.0.113.9', 'x', {}, '{"events":')));
    expect(r).toEqual({ 400: 100, 429: 200 });
  });

  it('refills with time; secret keys have their own bucket per key', async () => {
    h = await harness({ rateLimits: { visitor: { perSecond: 1, burst: 2 } } });
    expect(await statuses([send('203.0.113.9', 'v'), send('203.0.113.9', 'v'), send('203.0.113.9', 'v')])).toEqual({ 200: 2, 429: 1 });
    h.clock.now += 1000;
    expect((await send('203.0.113.9', 'v')).status).toBe(200);
    expect((await h.req('POST', '/v1/events', { events: [{ id: 's1', type: 't', at: 1, visitorId: 'v' }] })).status).toBe(200);
  });
});

describe('failed authentication is throttled per address', () => {
  const bad = (address: string, key = 'sk_guess') =>
    h.app.request('/v1/rulesets', { headers: { authorization: `Bearer ${key}` } }, { incoming: { socket: { remoteAddress: address } } });

  it('past 20 failures an address gets 429 with Retry-After; accepted keys and other addresses are unaffected', async () => {
    h = await harness({ rateLimits: {} });
    expect(await statuses(Array.from({ length: 20 }, () => bad('203.0.113.66')))).toEqual({ 401: 20 });
    const r = await bad('203.0.113.66');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('1');
    expect((await bad('203.0.113.66', SECRET)).status).toBe(200);
    expect((await bad('198.51.100.1')).status).toBe(401);
    h.clock.now += 1000;
    expect((await bad('203.0.113.66')).status).toBe(401);
  });
});
