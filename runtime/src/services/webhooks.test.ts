import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { WebhookDispatcher } from './webhooks.js';
import { verifySignature } from './webhook-signature.js';
import { DestinationPolicy } from './webhook-destination.js';
import { harness } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';
import { demoFlow } from '../test-support/fixtures.js';

let h: Harness;
let server: Server | undefined;
afterEach(async () => {
  await h?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

interface Received {
  body: string;
  signature: string | undefined;
}

/** A receiver on 127.0.0.1 answering with the given statuses in turn (then the last). */
async function receiver(statuses: number[]): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  let i = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push({ body, signature: req.headers['x-sluice-signature'] as string | undefined });
      res.statusCode = statuses[Math.min(i++, statuses.length - 1)] ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, got };
}

const MIN = 60_000;

describe('webhooks', () => {
  it('delivers stage changes signed with HMAC-SHA256, in the background', async () => {
    const rx = await receiver([200]);
    h = await harness({ examples: [demoFlow('demo-flow', { webhooks: [{ url: rx.url }] })], webhookSecret: 'whsec_1' });
    const r = await h.json('POST', '/v1/score', { ruleSet: 'demo-flow', leadId: 'L1', lead: { employees: 500 } });
    expect(r.status).toBe(200);
    expect(rx.got).toHaveLength(0); // not in the request path
    expect(await h.dispatcher.runOnce()).toBe(1);
    expect(rx.got).toHaveLength(1);
    const body = rx.got[0]?.body ?? '';
    expect(JSON.parse(body)).toMatchObject({ type: 'stage.changed', leadId: 'L1', ruleSet: { id: 'demo-flow', version: 1 }, from: null, to: 'MQL', cause: 'score' });
    // t=<unix seconds>,v1=HMAC(secret, "<t>.<body>"): the timestamp is signed with the body.
    const t = Math.floor(h.clock.now / 1000);
    expect(rx.got[0]?.signature).toBe(`t=${t},v1=${createHmac('sha256', 'whsec_1').update(`${t}.${body}`).digest('hex')}`);
    expect(verifySignature('whsec_1', rx.got[0]?.signature, body, h.clock.now)).toBe(true);
    // The same stage again is not a change: nothing more is sent.
    await h.json('POST', '/v1/score', { ruleSet: 'demo-flow', leadId: 'L1', lead: { employees: 500 } });
    expect(await h.dispatcher.runOnce()).toBe(0);
    const list = await h.json<{ deliveries: { status: string }[] }>('GET', '/v1/webhooks/deliveries?status=delivered');
    expect(list.body.deliveries).toHaveLength(1);
  });

  it('retries with exponential backoff and keeps deliveries that keep failing', async () => {
    const rx = await receiver([500, 503, 500, 200]);
    h = await harness({ examples: [demoFlow('demo-flow', { webhooks: [{ url: rx.url }] })] });
    await h.json('POST', '/v1/score', { ruleSet: 'demo-flow', leadId: 'L1', lead: { employees: 500 } });
    expect(await h.dispatcher.runOnce()).toBe(1); // attempt 1 fails → retry in 1 s
    expect(await h.dispatcher.runOnce()).toBe(0); // not due yet
    h.clock.now += 1000;
    expect(await h.dispatcher.runOnce()).toBe(1); // attempt 2 fails → retry in 2 s
    h.clock.now += 1999;
    expect(await h.dispatcher.runOnce()).toBe(0);
    h.clock.now += 1;
    expect(await h.dispatcher.runOnce()).toBe(1); // attempt 3 (max) fails → failed
    h.clock.now += 10 * MIN;
    expect(await h.dispatcher.runOnce()).toBe(0);
    expect(rx.got).toHaveLength(3);
    const failed = await h.json<{ deliveries: { status: string; attempts: number; lastStatus: number; lastError: string; url: string; payload: { to: string } }[] }>(
      'GET',
      '/v1/webhooks/deliveries?status=failed',
    );
    expect(failed.body.deliveries).toEqual([expect.objectContaining({ status: 'failed', attempts: 3, lastStatus: 500, lastError: 'HTTP 500', url: rx.url, payload: expect.objectContaining({ to: 'MQL' }) })]);
    expect((await h.json('GET', '/v1/webhooks/deliveries?status=bogus')).status).toBe(400);
  });

  it('a receiver that is down counts as a failed attempt', async () => {
    const rx = await receiver([200]);
    await new Promise<void>((r) => server?.close(() => r()));
    server = undefined;
    h = await harness({ examples: [demoFlow('demo-flow', { webhooks: [{ url: rx.url }] })] });
    await h.json('POST', '/v1/score', { ruleSet: 'demo-flow', leadId: 'L1', lead: { employees: 500 } });
    await h.dispatcher.runOnce();
    const pending = await h.json<{ deliveries: { attempts: number; lastError: string }[] }>('GET', '/v1/webhooks/deliveries?status=pending');
    expect(pending.body.deliveries[0]?.attempts).toBe(1);
    // A category, not the network's words: the list must not tell closed ports from open ones.
    expect(pending.body.deliveries[0]?.lastError).toBe('no response (connection failed or timed out)');
  });

  it('a signature is accepted within the tolerance only, and only for its own body and secret', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const t = now / 1000;
    const sign = (body: string, at: number, secret = 'whsec_1') => `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`;
    expect(verifySignature('whsec_1', sign('{}', t), '{}', now)).toBe(true);
    expect(verifySignature('whsec_1', sign('{}', t - 299), '{}', now)).toBe(true);
    expect(verifySignature('whsec_1', sign('{}', t - 301), '{}', now)).toBe(false); // replayed too late
    expect(verifySignature('whsec_1', sign('{}', t + 301), '{}', now)).toBe(false);
    expect(verifySignature('whsec_1', sign('{}', t), '{"x":1}', now)).toBe(false);
    expect(verifySignature('whsec_1', sign('{}', t, 'other'), '{}', now)).toBe(false);
    // The body moved under another timestamp does not verify.
    expect(verifySignature('whsec_1', sign('{}', t).replace(`t=${t}`, `t=${t + 1}`), '{}', now)).toBe(false);
    expect(verifySignature('whsec_1', undefined, '{}', now)).toBe(false);
    expect(verifySignature('whsec_1', 'v1=abc', '{}', now)).toBe(false);
  });

  it('refuses loopback, private and link-local destinations in every spelling, names that resolve there included', async () => {
    const rx = await receiver([200]);
    const port = new URL(rx.url).port;
    const urls = [
      `http://127.0.0.1:${port}/`,
      `http://2130706433:${port}/`, // decimal
      `http://0x7f.1:${port}/`, // hex, short form
      `http://017700000001:${port}/`, // octal
      `http://127.1:${port}/`,
      `http://0.0.0.0:${port}/`,
      `http://0:${port}/`,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`, // IPv4-mapped IPv6
      `http://[0:0:0:0:0:ffff:7f00:1]:${port}/`,
      `http://[64:ff9b::7f00:1]:${port}/`, // NAT64 of 127.0.0.1
      `http://[2002:7f00:1::]:${port}/`, // 6to4 of 127.0.0.1
      `http://[::ffff:0:7f00:1]:${port}/`, // IPv4-translated
      `http://localhost:${port}/`, // a name: refused by the socket's lookup, not by the URL
      `http://LocalHost:${port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://172.16.5.4/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://[fe80::1]/',
      'http://[fd12:3456::1]/',
      'http://[::]/',
    ];
    h = await harness({ examples: [demoFlow('demo-flow', { webhooks: urls.map((url) => ({ url })) })], webhookAllow: [] });
    await h.json('POST', '/v1/score', { ruleSet: 'demo-flow', leadId: 'L1', lead: { employees: 500 } });
    // Most of these name one host: let them all go at once.
    const dispatcher = new WebhookDispatcher(h.store, { secret: 's', clock: () => h.clock.now, concurrency: 64, perHost: 64, background: false, policy: new DestinationPolicy([]) });
    expect(await dispatcher.runOnce()).toBe(urls.length);
    expect(rx.got).toHaveLength(0);
    const list = await h.json<{ deliveries: { url: string; lastError: string; lastStatus: number | null }[] }>('GET', '/v1/webhooks/deliveries?status=pending');
    expect(list.body.deliveries).toHaveLength(urls.length);
    for (const d of list.body.deliveries) {
      expect(d.lastError, d.url).toMatch(/^destination refused: /);
      expect(d.lastStatus).toBeNull();
    }
  });

  it('delivers to a non-public address the operator allows, and to names that resolve there', async () => {
    const rx = await receiver([200]);
    const port = new URL(rx.url).port;
    h = await harness({ examples: [demoFlow('demo-flow', { webhooks: [{ url: rx.url }, { url: `http://localhost:${port}/named` }] })], webhookAllow: ['127.0.0.0/8', '::1'] });
    await h.json('POST', '/v1/score', { ruleSet: 'demo-flow', leadId: 'L1', lead: { employees: 500 } });
    expect(await h.dispatcher.runOnce()).toBe(2);
    expect(rx.got).toHaveLength(2);
  });

  it('an allowlist entry that is not an address or range is refused at start', () => {
    expect(() => new DestinationPolicy(['10.0.0.0/33'])).toThrow(/SLUICE_WEBHOOK_ALLOW: "10.0.0.0\/33"/);
    expect(() => new DestinationPolicy(['example.com'])).toThrow(/not an IP address or CIDR range/);
    expect(new DestinationPolicy(['10.0.0.0/8']).refusal('10.9.9.9')).toBeNull();
    expect(new DestinationPolicy(['10.0.0.0/8']).refusal('::ffff:10.9.9.9')).toBeNull();
    expect(new DestinationPolicy().refusal('93.184.215.14')).toBeNull();
    expect(new DestinationPolicy().refusal('2606:2800:21f:cb07:6820:80da:af6b:8b2c')).toBeNull();
  });

  it('a receiver that hangs holds up only its own deliveries', async () => {
    // Held requests are answered only when the test lets them go.
    const held: import('node:http').ServerResponse[] = [];
    const hang = createServer((_req, res) => held.push(res));
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', () => r()));
    let open = 0;
    let maxOpen = 0;
    const got: string[] = [];
    server = createServer((req, res) => {
      open++;
      maxOpen = Math.max(maxOpen, open);
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => setTimeout(() => {
        open--;
        got.push(body);
        res.end();
      }, 5));
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
    const hangUrl = `http://127.0.0.1:${(hang.address() as AddressInfo).port}/slow`;
    const goodUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fast`;
    h = await harness({ examples: [demoFlow('demo-flow', { webhooks: [{ url: hangUrl }, { url: goodUrl }] })] });
    // A real clock: a delivery put back while its host is busy comes back a moment later.
    const dispatcher = new WebhookDispatcher(h.store, { secret: 's', clock: Date.now, timeoutMs: 120_000, concurrency: 8, perHost: 2, background: false, policy: new DestinationPolicy(['127.0.0.1/32']) });
    const leads = 50;
    for (let i = 0; i < leads; i++) await h.json('POST', '/v1/score', { ruleSet: 'demo-flow', leadId: `L${i}`, lead: { employees: 500 } });
    const run = dispatcher.runOnce();
    // Every delivery to the good receiver arrives while the slow one still holds its requests.
    await expect.poll(() => got.length, { timeout: 20_000, interval: 20 }).toBe(leads);
    expect(held.length).toBeLessThanOrEqual(2);
    expect(maxOpen).toBeLessThanOrEqual(8);
    // A stage change queued meanwhile is not stuck behind the slow receiver either.
    await h.json('POST', '/v1/score', { ruleSet: 'demo-flow', leadId: 'late', lead: { employees: 500 } });
    void dispatcher.runOnce();
    await expect.poll(() => got.length, { timeout: 20_000, interval: 20 }).toBe(leads + 1);
    // Let the slow receiver answer; everything ends delivered.
    const release = setInterval(() => {
      held.splice(0).forEach((res) => res.end());
      void dispatcher.runOnce();
    }, 10);
    await run;
    const delivered = async () => (await h.json<{ deliveries: unknown[] }>('GET', '/v1/webhooks/deliveries?status=delivered&limit=500')).body.deliveries.length;
    await expect.poll(delivered, { timeout: 30_000, interval: 100 }).toBe(2 * (leads + 1));
    clearInterval(release);
    await new Promise<void>((r) => hang.close(() => r()));
  }, 60_000);

  it("a slow host's backlog does not hide deliveries queued behind it", async () => {
    const held: import('node:http').ServerResponse[] = [];
    const hang = createServer((_req, res) => held.push(res));
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', () => r()));
    const rx = await receiver([200]);
    const hangUrl = `http://127.0.0.1:${(hang.address() as AddressInfo).port}/slow`;
    h = await harness({ examples: [demoFlow('demo-flow', { webhooks: [{ url: hangUrl }] }), demoFlow('other-flow', { webhooks: [{ url: rx.url }] })] });
    const dispatcher = new WebhookDispatcher(h.store, { secret: 's', clock: Date.now, timeoutMs: 120_000, concurrency: 4, perHost: 1, background: false, policy: new DestinationPolicy(['127.0.0.1/32']) });
    // 100 deliveries to the slow host come first, far more than one look at the queue (4 × 8).
    for (let i = 0; i < 100; i++) await h.json('POST', '/v1/score', { ruleSet: 'demo-flow', leadId: `S${i}`, lead: { employees: 500 } });
    for (let i = 0; i < 3; i++) await h.json('POST', '/v1/score', { ruleSet: 'other-flow', leadId: `F${i}`, lead: { employees: 500 } });
    const run = dispatcher.runOnce();
    await expect.poll(() => rx.got.length, { timeout: 20_000, interval: 20 }).toBe(3);
    expect(held.length).toBe(1);
    const release = setInterval(() => held.splice(0).forEach((res) => res.end()), 5);
    await run;
    clearInterval(release);
    held.splice(0).forEach((res) => res.end());
    await new Promise<void>((r) => hang.close(() => r()));
  }, 60_000);
});
