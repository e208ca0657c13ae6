import { afterEach, describe, expect, it } from 'vitest';
import { harness, PUBLISHABLE, PUBLISHABLE_SHOP, SECRET } from './test-support/harness.js';
import type { Harness } from './test-support/harness.js';
import type { Store } from './store/store.js';
import { loadRuleSet, sha256Hex } from '@sluice/sdk';
import type { RuleSet, RuleSetNode } from '@sluice/schemas';
import { demoFlow, setFlow } from './test-support/fixtures.js';

let h: Harness;
afterEach(async () => h?.close());

const score = { ruleSet: 'demo-flow', lead: { employees: 500 } };

describe('errors', () => {
  it('every response has an x-request-id; a sane incoming one is kept', async () => {
    h = await harness();
    const ok = await h.req('GET', '/healthz');
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const mine = await h.req('GET', '/healthz', undefined, { 'x-request-id': 'abc-123' });
    expect(mine.headers.get('x-request-id')).toBe('abc-123');
    const bad = await h.req('GET', '/healthz', undefined, { 'x-request-id': 'a b<script>' });
    expect(bad.headers.get('x-request-id')).not.toBe('a b<script>');
    const err = await h.req('POST', '/v1/score', '{');
    expect(err.headers.get('x-request-id')).toBeTruthy();
    const nf = await h.req('GET', '/nope/nothing.js');
    expect(nf.status).toBe(404);
    expect(nf.headers.get('x-request-id')).toBeTruthy();
  });

  it('401 without a key or with an unknown one', async () => {
    h = await harness();
    const none = await h.json('POST', '/v1/score', score, { authorization: '' });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(none.res.headers.get('www-authenticate')).toBe('Bearer');
    expect((await h.json('POST', '/v1/score', score, { authorization: 'Bearer sk_wrong' })).status).toBe(401);
    expect((await h.json('POST', '/v1/score', score, { authorization: `Basic ${SECRET}` })).status).toBe(401);
  });

  it('403 when a publishable key calls a secret route', async () => {
    h = await harness();
    const r = await h.json<{ error: { code: string } }>('POST', '/v1/score', score, { authorization: `Bearer ${PUBLISHABLE}` });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect((await h.json('GET', '/v1/rulesets', undefined, { authorization: `Bearer ${PUBLISHABLE}` })).status).toBe(403);
    expect((await h.json('GET', '/v1/leads/x', undefined, { authorization: `Bearer ${PUBLISHABLE}` })).status).toBe(403);
  });

  it('400 with the path of each problem (toIssues)', async () => {
    h = await harness();
    const r = await h.json<{ error: { code: string; details: { issues: { path: string; message: string }[] } } }>('POST', '/v1/score', {
      ruleSet: 'demo-flow',
      lead: 'not an object',
      events: [{ type: 'x' }],
      extra: 1,
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    const paths = r.body.error.details.issues.map((i) => i.path).sort();
    expect(paths).toEqual(['/events/0/at', '/extra', '/lead']);
  });

  it('400 on malformed JSON, on an empty body and on a bad now', async () => {
    h = await harness();
    expect((await h.json<{ error: { code: string } }>('POST', '/v1/score', '{"ruleSet":')).body.error.code).toBe('invalid_json');
    expect((await h.json('POST', '/v1/score', '')).status).toBe(400);
    const r = await h.json<{ error: { details: { issues: { path: string }[] } } }>('POST', '/v1/score', { ...score, now: 'yesterday' });
    expect(r.status).toBe(400);
    expect(r.body.error.details.issues[0]?.path).toBe('/now');
    // A date the engine cannot compute from, and a zone-less string read as UTC like the engine does.
    const far = await h.json<{ error: { details: { issues: { path: string }[] } } }>('POST', '/v1/score', { ...score, now: 1e16 });
    expect([far.status, far.body.error.details.issues[0]?.path]).toEqual([400, '/now']);
    const local = await h.json<{ now: string }>('POST', '/v1/score', { ...score, now: '2025-06-02T10:00:00' });
    expect([local.status, local.body.now]).toEqual([200, '2025-06-02T10:00:00.000Z']);
  });

  it('404 for an unknown rule set, an unknown version and an unknown route', async () => {
    h = await harness();
    expect((await h.json('POST', '/v1/score', { ...score, ruleSet: 'nope' })).status).toBe(404);
    expect((await h.json('POST', '/v1/score', { ...score, version: 7 })).status).toBe(404);
    const r = await h.json<{ error: { code: string } }>('GET', '/v1/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });

  it('413 past the body limit, by Content-Length or by counting', async () => {
    h = await harness({ bodyLimit: 1000 });
    const big = { ...score, lead: { blob: 'x'.repeat(2000) } };
    const r = await h.json<{ error: { code: string; details: { limit: number } } }>('POST', '/v1/score', big);
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: 'payload_too_large', details: { limit: 1000 } });
    // No Content-Length: a stream is counted as it arrives.
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new TextEncoder().encode('x'.repeat(400)));
        c.close();
      },
    });
    const res = await h.app.request('/v1/score', { method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('429 with Retry-After past the per-key rate limit', async () => {
    h = await harness({ rateLimits: { key: { perSecond: 1, burst: 2 } } });
    expect((await h.req('POST', '/v1/score', score)).status).toBe(200);
    expect((await h.req('POST', '/v1/score', score)).status).toBe(200);
    const r = await h.json<{ error: { code: string } }>('POST', '/v1/score', score);
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('rate_limited');
    expect(r.res.headers.get('retry-after')).toBe('1');
    // Other keys have their own bucket; a second later the bucket has a token again.
    expect((await h.req('GET', '/v1/rulesets/demo-flow/public', undefined, { authorization: `Bearer ${PUBLISHABLE}` })).status).toBe(200);
    h.clock.now += 1000;
    expect((await h.req('POST', '/v1/score', score)).status).toBe(200);
  });

  it('500 without a stack trace when something breaks', async () => {
    const logs: unknown[] = [];
    h = await harness({ log: (_l, msg, f) => logs.push({ msg, ...f }) });
    const broken = { ...h.store, async stages(): Promise<never> { throw new Error('disk on fire at /secret/path'); } } as Store;
    const h2 = await harness({ store: broken, log: (_l, msg, f) => logs.push({ msg, ...f }) });
    try {
      const r = await h2.json<{ error: { code: string; message: string } }>('GET', '/v1/leads/someone');
      expect(r.status).toBe(500);
      expect(r.body).toEqual({ error: { code: 'internal', message: expect.any(String) } });
      const text = JSON.stringify(r.body);
      expect(text).not.toMatch(/disk on fire|at .*\.ts|stack/);
      expect(logs.some((l) => JSON.stringify(l).includes('disk on fire'))).toBe(true);
    } finally {
      await h2.close();
    }
  });
});

describe('rule-set ids never reach the file system', () => {
  const bad = ['..%2f..%2fetc%2fpasswd', '%2e%2e', '..%5c..%5cwindows', 'a%00b', 'UPPER', '-leading', 'a.b', 'x'.repeat(65), '%2e%2e%2f%2e%2e%2fdata'];
  it.each(bad)('GET /v1/rulesets/%s → 400 (or 404 when the router rejects it first)', async (id) => {
    h = await harness();
    const r = await h.json<{ error: { code: string } }>('GET', `/v1/rulesets/${id}`);
    expect([400, 404]).toContain(r.status);
    if (r.status === 400) expect(r.body.error.code).toBe('invalid_id');
  });

  it('a bad id in a score request is a 400 naming /ruleSet', async () => {
    h = await harness();
    const r = await h.json<{ error: { details: { issues: { path: string }[] } } }>('POST', '/v1/score', { ...score, ruleSet: '../../etc/passwd' });
    expect(r.status).toBe(400);
    expect(r.body.error.details.issues[0]?.path).toBe('/ruleSet');
  });

  it('publishing under a traversal id is refused and writes nothing outside the rules folder', async () => {
    h = await harness();
    const r = await h.json('POST', '/v1/rulesets/..%2fescape/publish', { author: 'x' });
    expect(r.status).toBe(400);
    const put = await h.json('PUT', '/v1/rulesets/%2e%2e%2fescape/draft', { id: '../escape' });
    expect([400, 404]).toContain(put.status);
  });
});

describe('publishable keys and CORS', () => {
  it('answers preflights and allows any origin for a key without an origin list', async () => {
    h = await harness();
    const pre = await h.app.request('/v1/events', { method: 'OPTIONS', headers: { origin: 'https://a.example', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
    const r = await h.req('GET', '/v1/rulesets/demo-flow/public', undefined, { authorization: `Bearer ${PUBLISHABLE}`, origin: 'https://a.example' });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('https://a.example');
  });

  it('refuses origins a key does not list', async () => {
    h = await harness();
    const ok = await h.req('GET', '/v1/rulesets/demo-flow/public', undefined, { authorization: `Bearer ${PUBLISHABLE_SHOP}`, origin: 'https://shop.example' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const no = await h.req('GET', '/v1/rulesets/demo-flow/public', undefined, { authorization: `Bearer ${PUBLISHABLE_SHOP}`, origin: 'https://evil.example' });
    expect(no.status).toBe(403);
    // The refusal itself is readable (it holds no data), so the page can say why it failed.
    expect(no.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(await no.text()).not.toContain('"nodes"');
  });

  it('serves the public rule set with an ETag, 304 on If-None-Match, without webhook URLs', async () => {
    h = await harness();
    const auth = { authorization: `Bearer ${PUBLISHABLE}` };
    const r = await h.req('GET', '/v1/rulesets/demo-flow/public', undefined, auth);
    const etag = r.headers.get('etag');
    expect(etag).toMatch(/^"sha256:[0-9a-f]{64}"$/);
    const doc = (await r.json()) as { id: string; webhooks?: unknown };
    expect(doc.id).toBe('demo-flow');
    expect(doc.webhooks).toBeUndefined();
    const again = await h.req('GET', '/v1/rulesets/demo-flow/public', undefined, { ...auth, 'if-none-match': etag ?? '' });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
  });

  it('a rule set with webhooks is served without their URLs, still loadable by the SDK', async () => {
    h = await harness({ examples: [demoFlow('demo-flow', { webhooks: [{ url: 'https://hooks.example/T0KEN' }] })] });
    const r = await h.req('GET', '/v1/rulesets/demo-flow/public', undefined, { authorization: `Bearer ${PUBLISHABLE}` });
    const text = await r.text();
    expect(text).not.toContain('T0KEN');
    const loaded = loadRuleSet(JSON.parse(text));
    expect(loaded.ok).toBe(true);
    // The ETag names the exact bytes served (they carry parsed expressions, see below).
    expect(r.headers.get('etag')).toBe(`"sha256:${sha256Hex(text)}"`);
  });

  it('the public copy carries parsed expressions for browser bundles without the parser, same hash', async () => {
    h = await harness({ examples: [setFlow('with-set')] });
    const r = await h.req('GET', '/v1/rulesets/with-set/public', undefined, { authorization: `Bearer ${PUBLISHABLE}` });
    const pub = (await r.json()) as RuleSet;
    const full = (await (await h.req('GET', '/v1/rulesets/with-set')).json()) as { ruleSet: RuleSet };
    expect((pub.nodes[1] as RuleSetNode).config.assign[0]).toEqual({ name: 'size', expr: 'lead.employees * 2', ast: ['*', ['.', ['$', 'lead'], ['q', 'employees']], 2] });
    expect(pub.hash).toBe(full.ruleSet.hash);
  });
});
