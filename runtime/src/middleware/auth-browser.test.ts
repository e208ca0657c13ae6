// What browsers get from auth.ts: readable error answers (CORS on errors) and no secret keys.
import { afterEach, describe, expect, it } from 'vitest';
import { harness, PUBLISHABLE, PUBLISHABLE_SHOP, SECRET } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const PAGE = 'https://shop.example';
const bearer = (k: string) => ({ authorization: `Bearer ${k}` });

describe('error answers on browser routes carry CORS headers', () => {
  it('401 (unknown key), 404 (unknown rule set) and 400 (bad batch) are readable by the page', async () => {
    h = await harness();
    const cases = [
      await h.req('GET', '/v1/rulesets/demo-flow/public', undefined, { ...bearer('pk_revoked'), origin: PAGE }),
      await h.req('GET', '/v1/rulesets/no-such-set/public', undefined, { ...bearer(PUBLISHABLE), origin: PAGE }),
      await h.req('POST', '/v1/events', { events: [{ type: 'x' }] }, { ...bearer(PUBLISHABLE), origin: PAGE }),
      await h.req('POST', '/v1/events', { events: [] }, { authorization: '', origin: PAGE }),
    ];
    expect(cases.map((r) => r.status)).toEqual([401, 404, 400, 401]);
    for (const r of cases) {
      expect(r.headers.get('access-control-allow-origin')).toBe(PAGE);
      expect(r.headers.get('access-control-expose-headers')).toContain('x-request-id');
      expect(r.headers.get('vary')).toContain('Origin');
      expect(((await r.json()) as { error: { code: string } }).error.code).toMatch(/^(unauthorized|not_found|validation_failed)$/);
    }
  });

  it('a 403 for an origin the key does not list is readable too, and says why; data answers stay per key', async () => {
    h = await harness();
    const no = await h.req('GET', '/v1/rulesets/demo-flow/public', undefined, { ...bearer(PUBLISHABLE_SHOP), origin: 'https://evil.example' });
    expect(no.status).toBe(403);
    expect(no.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(((await no.json()) as { error: { message: string } }).error.message).toContain('origin https://evil.example is not allowed');
  });

  it('secret-key routes get no CORS headers, errors included', async () => {
    h = await harness();
    const r = await h.req('POST', '/v1/score', { ruleSet: 'demo-flow', lead: {} }, { ...bearer('sk_wrong'), origin: PAGE });
    expect(r.status).toBe(401);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('a secret key sent by a browser', () => {
  it('is refused on browser routes when the request has an Origin header, with a message naming the risk', async () => {
    h = await harness();
    for (const [method, path, body] of [
      ['GET', '/v1/rulesets/demo-flow/public', undefined],
      ['POST', '/v1/events', { events: [{ id: 'e1', type: 'page_view', at: '2025-06-02T10:00:00Z', visitorId: 'v1' }] }],
      ['POST', '/v1/identify', { visitorId: 'v1', leadId: 'ada@acme.io' }],
    ] as const) {
      const r = await h.json<{ error: { code: string; message: string } }>(method, path, body, { ...bearer(SECRET), origin: PAGE });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.error.message).toMatch(/secret key was sent by a browser.*publishable key/);
      expect(r.res.headers.get('access-control-allow-origin')).toBe(PAGE);
    }
    // Nothing was stored by the refused calls.
    expect(await h.store.leadForVisitor('v1')).toBeNull();
  });

  it('servers (no Origin header) keep using the secret key on the same routes', async () => {
    h = await harness();
    expect((await h.req('GET', '/v1/rulesets/demo-flow/public')).status).toBe(200);
    expect((await h.req('POST', '/v1/identify', { visitorId: 'v1', leadId: 'ada@acme.io' })).status).toBe(200);
  });
});
