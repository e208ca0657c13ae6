import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../core/compile.js';
import { RuleSetError } from '../core/errors.js';
import { createClient, createLocalScorer, retryAfterMs, SluiceError } from './index.js';

type Call = { url: string; init: RequestInit };
type Reply = Response | Error | ((init: RequestInit) => Promise<Response>);

/** A fetch that answers from a script and records what it was asked. */
function fakeFetch(replies: Reply[]) {
  const calls: Call[] = [];
  const f = (async (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(url), init });
    const r = replies.shift();
    if (!r) throw new Error('no more replies');
    if (r instanceof Error) throw r;
    if (typeof r === 'function') return r(init);
    return r;
  }) as typeof fetch;
  return { f, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const errorBody = (code: string, status: number, headers: Record<string, string> = {}, details?: unknown) =>
  json({ error: { code, message: `${code} happened`, ...(details ? { details } : {}) } }, status, { 'x-request-id': 'req-1', ...headers });

function client(replies: Reply[], opts: { retries?: number; timeoutMs?: number } = {}) {
  const { f, calls } = fakeFetch(replies);
  const sleeps: number[] = [];
  const c = createClient({ baseUrl: 'http://sluice.test/', key: 'sk_test', fetch: f, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, ...opts });
  return { c, calls, sleeps };
}

describe('createClient', () => {
  it('sends the key, the JSON body and returns the typed result', async () => {
    const { c, calls } = client([json({ outcome: { stage: 'SQL' } })]);
    const r = await c.score({ ruleSet: 'fit', lead: { seniority: 'vp' } });
    expect(r.outcome.stage).toBe('SQL');
    expect(calls[0]!.url).toBe('http://sluice.test/v1/score');
    expect(calls[0]!.init.method).toBe('POST');
    const h = calls[0]!.init.headers as Record<string, string>;
    expect(h.authorization).toBe('Bearer sk_test');
    expect(h['content-type']).toBe('application/json');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ ruleSet: 'fit', lead: { seniority: 'vp' } });
  });

  it('the funnel calls: stage records, the funnel query, a plan (null when there is none)', async () => {
    const { c, calls } = client([json({ recorded: true }), json({ stages: [] }), errorBody('not_found', 404), json({ ruleSet: 'fit' })]);
    await c.recordStage('l/1', { id: 'm1', stage: 'Meeting' });
    await c.funnel({ ruleSet: 'fit', from: '2025-04-01', to: '2025-06-30', by: 'month' });
    expect(await c.getPlan('fit')).toBeNull();
    expect(await c.getPlan('fit')).toEqual({ ruleSet: 'fit' });
    expect(calls.map((x) => `${x.init.method} ${x.url}`)).toEqual([
      'POST http://sluice.test/v1/leads/l%2F1/stage',
      'GET http://sluice.test/v1/funnel?ruleSet=fit&from=2025-04-01&to=2025-06-30&by=month',
      'GET http://sluice.test/v1/rulesets/fit/plan',
      'GET http://sluice.test/v1/rulesets/fit/plan',
    ]);
  });

  it('builds paths and query strings for every endpoint kind', async () => {
    const { c, calls } = client([json({}), json({}), json({}), json({}), json({}), json({})]);
    await c.getLead('ada@acme.io', { ruleSet: 'fit', trace: true });
    await c.getLead('ada@acme.io', { limit: 50, cursor: 'MTcu' });
    await c.slaBreaches({ limit: 5 });
    await c.diff('fit', 1, 2);
    await c.touchLead('l/1');
    await c.webhookDeliveries({ status: 'failed' });
    expect(calls.map((x) => x.url)).toEqual([
      'http://sluice.test/v1/leads/ada%40acme.io?ruleSet=fit&trace=true',
      'http://sluice.test/v1/leads/ada%40acme.io?limit=50&cursor=MTcu',
      'http://sluice.test/v1/sla/breaches?limit=5',
      'http://sluice.test/v1/rulesets/fit/diff?from=1&to=2',
      'http://sluice.test/v1/leads/l%2F1/touch',
      'http://sluice.test/v1/webhooks/deliveries?status=failed',
    ]);
  });

  it('turns the runtime error body into a SluiceError with code, status, details and request id', async () => {
    const { c } = client([errorBody('validation_failed', 400, {}, { issues: [{ path: '/lead', message: 'is required' }] })]);
    const e = (await c.score({ ruleSet: 'fit', lead: {} }).catch((x: unknown) => x)) as SluiceError;
    expect(e).toBeInstanceOf(SluiceError);
    expect(e.code).toBe('validation_failed');
    expect(e.status).toBe(400);
    expect(e.requestId).toBe('req-1');
    expect(e.details).toEqual({ issues: [{ path: '/lead', message: 'is required' }] });
  });

  it('does not retry a 4xx', async () => {
    const { c, calls } = client([errorBody('forbidden', 403), json({})]);
    await expect(c.listRuleSets()).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    expect(calls).toHaveLength(1);
  });

  it('retries network errors and 5xx with growing, jittered delays, then succeeds', async () => {
    const { c, calls, sleeps } = client([new TypeError('fetch failed'), errorBody('internal', 500), json({ ok: true })], { retries: 2 });
    expect(await c.health()).toEqual({ ok: true });
    expect(calls).toHaveLength(3);
    // backoff 200 ms × 2^attempt × jitter (0.5 here)
    expect(sleeps).toEqual([100, 200]);
  });

  it('gives up after `retries` and throws the last failure', async () => {
    const { c, calls } = client([errorBody('unavailable', 503), errorBody('unavailable', 503)], { retries: 1 });
    await expect(c.health()).rejects.toMatchObject({ code: 'unavailable', status: 503, requestId: 'req-1' });
    expect(calls).toHaveLength(2);
  });

  it('honours Retry-After on 429', async () => {
    const { c, sleeps } = client([errorBody('rate_limited', 429, { 'retry-after': '3' }), json({ accepted: 1, duplicates: 0 })]);
    const r = await c.sendEvents({ events: [{ id: 'e1', type: 'page_view', at: 0, leadId: 'l1' }] });
    expect(r.accepted).toBe(1);
    expect(sleeps).toEqual([3000]);
  });

  it('does not retry publish on 500 or a network error (it may have happened), but does on 429', async () => {
    const a = client([errorBody('internal', 500), json({})]);
    await expect(a.c.publish('fit', { author: 'ada' })).rejects.toMatchObject({ status: 500 });
    expect(a.calls).toHaveLength(1);
    const b = client([new TypeError('socket hang up'), json({})]);
    await expect(b.c.publish('fit', { author: 'ada' })).rejects.toMatchObject({ code: 'network_error', status: 0 });
    const c = client([errorBody('rate_limited', 429, { 'retry-after': '1' }), json({ version: 2 })]);
    expect(await c.c.publish('fit', { author: 'ada' })).toEqual({ version: 2 });
  });

  it('aborts an attempt after timeoutMs and retries it', async () => {
    const hang = (init: RequestInit) =>
      new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const { c, calls } = client([hang, json({ ok: true })], { timeoutMs: 5, retries: 1 });
    expect(await c.health()).toEqual({ ok: true });
    expect(calls).toHaveLength(2);
    const d = client([hang], { timeoutMs: 5, retries: 0 });
    await expect(d.c.health()).rejects.toMatchObject({ code: 'timeout', status: 0 });
  });

  it('a non-JSON error body still gives a SluiceError', async () => {
    const { c } = client([new Response('<html>bad gateway</html>', { status: 502 })], { retries: 0 });
    await expect(c.health()).rejects.toMatchObject({ code: 'http_502', status: 502 });
  });

  it('publicRuleSet sends If-None-Match and reports 304 as not modified', async () => {
    const { c, calls } = client([new Response(null, { status: 304, headers: { etag: '"abc"' } })]);
    expect(await c.publicRuleSet('fit', '"abc"')).toEqual({ ruleSet: null, etag: '"abc"' });
    expect((calls[0]!.init.headers as Record<string, string>)['if-none-match']).toBe('"abc"');
  });

  it('scoreBatch sends NDJSON and parses NDJSON back', async () => {
    const { c, calls } = client([new Response('{"id":1,"outcome":{"stage":"SQL"}}\n{"line":2,"error":{"code":"invalid_json","message":"x"}}\n')]);
    const out = await c.scoreBatch([{ id: 1, lead: {} }, { id: 2, lead: {} }], { ruleSet: 'fit' });
    expect(out).toHaveLength(2);
    expect(calls[0]!.url).toBe('http://sluice.test/v1/score/batch?ruleSet=fit');
    expect(String(calls[0]!.init.body).split('\n')).toEqual(['{"id":1,"lead":{}}', '{"id":2,"lead":{}}', '']);
    expect((calls[0]!.init.headers as Record<string, string>)['content-type']).toBe('application/x-ndjson');
  });

  it('scoreBatch of no lines answers none without a request', async () => {
    const { c, calls } = client([]);
    expect(await c.scoreBatch([])).toEqual([]);
    expect(calls).toHaveLength(0);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

describe('createLocalScorer', () => {
  const flow = JSON.parse(readFileSync(new URL('../../../examples/fit-engagement-decay.flow.json', import.meta.url), 'utf8')) as unknown;
  const compiled = compile(flow);
  if (!compiled.ok) throw new Error('example does not compile');

  it('loads once and scores in-process, with the clock it is given', () => {
    const scorer = createLocalScorer({ ruleSet: compiled.ruleSet, now: () => Date.UTC(2026, 2, 2, 15) });
    const r = scorer.score({
      lead: { seniority: 'vp', department: 'revops' },
      account: { industry: 'software', employees: 800 },
      events: [{ type: 'demo_request', at: '2026-03-02T10:00:00Z' }, { type: 'pricing_view', at: '2026-03-02T10:00:00Z' }],
    });
    expect(r.outcome.stage).toBe('SQL');
    expect(r.now).toBe('2026-03-02T15:00:00.000Z');
  });

  it('refuses an invalid rule set with the errors of loadRuleSet', () => {
    expect(() => createLocalScorer({ ruleSet: { ...compiled.ruleSet, hash: 'sha256:0' } })).toThrow(RuleSetError);
  });
});
