import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
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
    expect(rx.got[0]?.signature).toBe(`sha256=${createHmac('sha256', 'whsec_1').update(body).digest('hex')}`);
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
    expect(pending.body.deliveries[0]?.lastError).toBeTruthy();
  });
});
