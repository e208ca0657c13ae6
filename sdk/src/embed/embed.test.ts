// The embed outside a page (no document: no DOM listeners, no automatic page view), with a
// fake storage, fetch and clock. Browser behaviour is covered by test/e2e/landing-page.spec.ts.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RuleSet } from '@sluice/schemas';
import { compile } from '../core/compile.js';
import { createEmbed, uuid } from './embed.js';
import type { EmbedError, EmbedOptions, EmbedResult } from './types.js';
import { parsePageEvents } from './auto.js';

const flow = JSON.parse(readFileSync(new URL('../../../examples/fit-engagement-decay.flow.json', import.meta.url), 'utf8')) as unknown;
const c = compile(flow);
if (!c.ok) throw new Error('example does not compile');
const ruleSet: RuleSet = c.ruleSet;

/** Like localStorage: items are the object's own properties, methods are on the prototype. */
class MemStorage {
  [k: string]: unknown;
  get length(): number {
    return Object.keys(this).length;
  }
  key(i: number): string | null {
    return Object.keys(this)[i] ?? null;
  }
  getItem(k: string): string | null {
    return Object.hasOwn(this, k) ? String(this[k]) : null;
  }
  setItem(k: string, v: string): void {
    this[k] = String(v);
  }
  removeItem(k: string): void {
    delete this[k];
  }
  clear(): void {
    for (const k of Object.keys(this)) delete this[k];
  }
}
const memStorage = (): Storage => new MemStorage() as unknown as Storage;

/** A fake runtime: serves the rule set with an ETag, stores events by id, can be "down". */
function fakeRuntime() {
  const events = new Map<string, number>();
  const identified: unknown[] = [];
  const state = { down: false, status: 0, ruleSetRequests: 0, requests: 0, identifyStatus: 0, ruleSetStatus: 0 };
  const refuse = (status: number, message = 'x') => Response.json({ error: { code: 'x', message } }, { status, headers: { 'retry-after': '0' } });
  const f = (async (url: string | URL | Request, init: RequestInit = {}) => {
    const u = String(url);
    state.requests++;
    if (state.down) throw new TypeError('Failed to fetch');
    if (state.status) return refuse(state.status, state.status === 401 ? 'unknown key' : 'x');
    if (state.identifyStatus && u.endsWith('/v1/identify')) return refuse(state.identifyStatus, 'this visitor is linked to another lead');
    if (state.ruleSetStatus && u.endsWith('/public')) {
      state.ruleSetRequests++;
      return refuse(state.ruleSetStatus, 'rule set nope does not exist');
    }
    const h = init.headers as Record<string, string>;
    expect(h.authorization).toBe('Bearer pk_test');
    if (u.endsWith('/public')) {
      state.ruleSetRequests++;
      if (h['if-none-match'] === `"${ruleSet.hash}"`) return new Response(null, { status: 304 });
      return new Response(JSON.stringify(ruleSet), { headers: { etag: `"${ruleSet.hash}"` } });
    }
    const body = JSON.parse(String(init.body)) as { events?: { id: string }[] };
    if (u.endsWith('/v1/identify')) {
      identified.push(body);
      return Response.json({ linked: true });
    }
    for (const e of body.events ?? []) events.set(e.id, (events.get(e.id) ?? 0) + 1);
    return Response.json({ accepted: body.events?.length ?? 0, duplicates: 0 });
  }) as typeof fetch;
  return { f, events, identified, state };
}

let clock = Date.UTC(2026, 2, 2, 15);
beforeEach(() => {
  vi.useFakeTimers();
  clock = Date.UTC(2026, 2, 2, 15);
});
afterEach(() => vi.useRealTimers());

function start(rt: ReturnType<typeof fakeRuntime>, storage: Storage, extra: Partial<EmbedOptions> = {}) {
  const changes: EmbedResult[] = [];
  const e = createEmbed({ endpoint: 'http://rt.test/', key: 'pk_test', ruleSet: 'fit-engagement-decay', storage, fetch: rt.f, now: () => clock, onChange: (r) => changes.push(r), ...extra });
  return { e, changes };
}
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('browser embed', () => {
  it('scores live after each event and reports stage changes', async () => {
    const rt = fakeRuntime();
    const { e, changes } = start(rt, memStorage());
    await settle();
    expect(e.result()?.source).toBe('network');
    expect(changes.map((r) => r.outcome.stage)).toEqual(['Nurture']);
    e.identify('ada@acme.io', { seniority: 'vp', department: 'revops', account: { industry: 'software', employees: 800 } });
    e.track('pricing_view');
    e.track('content_download');
    expect(e.result()?.outcome.stage).toBe('MQL');
    e.track('demo_request');
    expect(e.result()?.outcome.stage).toBe('SQL');
    // Every change of the result is reported, scores included (not only stage and grade).
    expect(changes.map((r) => `${r.outcome.stage}/${r.grade} ${r.scores.fit}/${r.scores.engagement}`)).toEqual([
      'Nurture/D4 0/0',
      'Nurture/A4 70/0',
      'Nurture/A4 70/8',
      'MQL/A3 70/14',
      'SQL/A2 70/44',
    ]);
    // An event that changes nothing (no rule counts it) is not a change.
    e.track('nothing_counts_this');
    expect(changes).toHaveLength(5);
  });

  it('sends every event once, in batches, with unique ids and the visitor id; identify first', async () => {
    const rt = fakeRuntime();
    const { e } = start(rt, memStorage());
    for (let i = 0; i < 150; i++) e.track('page_view', { url: `/p${i}` });
    e.identify('ada@acme.io');
    await vi.advanceTimersByTimeAsync(1500);
    expect(rt.events.size).toBe(150);
    expect([...rt.events.values()].every((n) => n === 1)).toBe(true);
    expect(rt.identified).toEqual([{ visitorId: e.stats().visitorId, leadId: 'ada@acme.io' }]);
    expect(e.stats().queued).toBe(0);
  });

  it('keeps events through an outage (and a reload), retries with backoff, loses and doubles none', async () => {
    const rt = fakeRuntime();
    const storage = memStorage();
    const first = start(rt, storage);
    await settle();
    rt.state.down = true;
    first.e.track('pricing_view');
    first.e.track('content_download');
    await vi.advanceTimersByTimeAsync(5000);
    expect(rt.events.size).toBe(0);
    expect(first.e.stats().queued).toBe(2);
    first.e.destroy();
    // Reload while the runtime is still down: the cached rule set scores, marked stale.
    const second = start(rt, storage);
    await vi.advanceTimersByTimeAsync(2100);
    expect(second.e.result()?.source).toBe('stale-cache');
    second.e.track('demo_request');
    expect(second.e.result()?.scores.engagement).toBe(44);
    rt.state.down = false;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(rt.events.size).toBe(3);
    expect([...rt.events.values()].every((n) => n === 1)).toBe(true);
    // Once the runtime answers again the rule set is revalidated (304).
    expect(second.e.result()?.source).toBe('network');
  });

  it('scores from the cache at once and revalidates with If-None-Match', async () => {
    const rt = fakeRuntime();
    const storage = memStorage();
    start(rt, storage).e.destroy();
    await settle();
    const { e, changes } = start(rt, storage);
    expect(changes[0]?.source).toBe('cache');
    await settle();
    expect(e.result()?.source).toBe('network');
    expect(rt.state.ruleSetRequests).toBe(2);
  });

  it('bounds the queue: the oldest are dropped and the count is reported to the runtime', async () => {
    const rt = fakeRuntime();
    rt.state.down = true;
    const { e } = start(rt, memStorage(), { maxQueue: 10 });
    for (let i = 0; i < 14; i++) e.track('page_view');
    expect(e.stats()).toMatchObject({ queued: 10, dropped: 4 });
    rt.state.down = false;
    await e.flush();
    expect(rt.events.size).toBe(11);
    expect(e.stats()).toMatchObject({ queued: 0, dropped: 0 });
  });

  it('drops a batch the runtime refuses (4xx) instead of retrying it forever', async () => {
    const rt = fakeRuntime();
    const errors: unknown[] = [];
    const { e } = start(rt, memStorage(), { onError: (x) => errors.push(x) });
    await settle();
    rt.state.status = 400;
    e.track('page_view');
    await e.flush();
    expect(e.stats().queued).toBe(0);
    expect(errors).toEqual([expect.objectContaining({ code: 'rejected', status: 400, stopped: true })]);
    // The rest go on.
    rt.state.status = 0;
    e.track('pricing_view');
    await e.flush();
    expect(rt.events.size).toBe(1);
  });

  it('with requireConsent stores and sends nothing until consent(true); withdrawing deletes it', async () => {
    const rt = fakeRuntime();
    const storage = memStorage();
    const { e } = start(rt, storage, { requireConsent: true });
    e.track('pricing_view');
    await vi.advanceTimersByTimeAsync(5000);
    expect(storage.length).toBe(0);
    expect(rt.state.ruleSetRequests).toBe(0);
    expect(rt.events.size).toBe(0);
    e.consent(true);
    await vi.advanceTimersByTimeAsync(1500);
    expect(rt.events.size).toBe(1);
    expect(e.result()?.scores.engagement).toBe(8);
    e.consent(false);
    expect(storage.getItem('sluice:c')).toBe('0');
    expect(storage.length).toBe(1);
  });
});

describe('helpers', () => {
  it('uuid gives distinct v4 ids, with and without crypto.randomUUID', () => {
    const a = new Set(Array.from({ length: 100 }, uuid));
    expect(a.size).toBe(100);
    const saved = crypto.randomUUID;
    try {
      (crypto as { randomUUID?: unknown }).randomUUID = undefined;
      expect(uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      crypto.randomUUID = saved;
    }
  });

  it('parsePageEvents reads the data-page-events attribute', () => {
    expect(parsePageEvents('/pricing=pricing_view, /webinar=webinar_view,bad')).toEqual([
      { match: '/pricing', type: 'pricing_view' },
      { match: '/webinar', type: 'webinar_view' },
    ]);
    expect(parsePageEvents(undefined)).toEqual([]);
  });
});

describe('failures are reported and stop what cannot succeed', () => {
  const errorsOf = (extra: Partial<EmbedOptions> = {}) => {
    const rt = fakeRuntime();
    const errors: EmbedError[] = [];
    const console = vi.spyOn(globalThis.console, 'error').mockImplementation(() => {});
    const { e } = start(rt, memStorage(), { onError: (x) => errors.push(x), ...extra });
    return { rt, e, errors, console };
  };
  afterEach(() => vi.restoreAllMocks());

  it('a refused key (401) is reported once, on the console too, and nothing is sent or retried after; events stay queued', async () => {
    const { rt, e, errors, console } = errorsOf();
    rt.state.status = 401;
    e.track('pricing_view');
    await vi.advanceTimersByTimeAsync(1500);
    const after = rt.state.requests;
    for (let i = 0; i < 5; i++) e.track('page_view');
    await e.flush();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(rt.state.requests).toBe(after);
    expect(errors).toEqual([expect.objectContaining({ code: 'unauthorized', status: 401, stopped: true })]);
    expect(errors[0]!.message).toBe('Sluice: key refused: unknown key (HTTP 401); nothing more is sent from this page');
    expect(console).toHaveBeenCalledTimes(1);
    expect(e.stats().queued).toBe(6);
    // Live scoring goes on with the rule set it has: pricing 8 + 5 page views.
    expect(e.result()?.scores.engagement).toBe(13);
  });

  it('an unknown rule set: one message, and it is not asked for again on every flush', async () => {
    const { rt, e, errors, console } = errorsOf();
    e.destroy();
    await settle();
    rt.state.ruleSetStatus = 404;
    rt.state.ruleSetRequests = 0;
    const { e: other } = start(rt, memStorage(), { ruleSet: 'nope', onError: (x) => errors.push(x) });
    await settle();
    for (let i = 0; i < 3; i++) {
      other.track('page_view');
      await other.flush();
      await vi.advanceTimersByTimeAsync(2000);
    }
    expect(rt.state.ruleSetRequests).toBe(1);
    expect(rt.events.size).toBe(3);
    expect(other.result()).toBeNull();
    expect(errors.map((x) => x.message)).toEqual(['Sluice: rule set nope: rule set nope does not exist (HTTP 404); not scored, not asked for again']);
    expect(console).toHaveBeenCalledTimes(1);
  });

  it('no answer is retried with backoff and reported once per outage, not on the console', async () => {
    const { rt, e, errors, console } = errorsOf();
    await settle();
    rt.state.down = true;
    e.track('pricing_view');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(rt.state.requests).toBeGreaterThan(3);
    expect(errors).toEqual([expect.objectContaining({ code: 'network', status: 0, stopped: false })]);
    rt.state.down = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(rt.events.size).toBe(1);
    rt.state.status = 503;
    e.track('page_view');
    await vi.advanceTimersByTimeAsync(1500);
    expect(errors.map((x) => x.code)).toEqual(['network', 'unavailable']);
    expect(console).not.toHaveBeenCalled();
  });

  it('a second identify the runtime refuses is reported, and live scoring goes back to the lead the runtime has', async () => {
    const { rt, e, errors } = errorsOf();
    await settle();
    e.identify('ada@acme.io', { seniority: 'vp', department: 'revops', account: { industry: 'software', employees: 800 } });
    await e.flush();
    expect(e.result()?.scores.fit).toBe(70);
    rt.state.identifyStatus = 403;
    e.identify('bob@other.io', { seniority: 'student' });
    expect(e.result()?.scores.fit).not.toBe(70);
    e.track('pricing_view');
    await e.flush();
    expect(errors).toEqual([expect.objectContaining({ code: 'identify_refused', status: 403, stopped: false })]);
    expect(errors[0]!.message).toContain('this visitor is linked to another lead');
    expect(e.result()?.scores.fit).toBe(70);
    // The event still went out; nothing is retried.
    expect(rt.events.size).toBe(1);
    expect(rt.identified).toHaveLength(1);
  });

  it('options are checked, naming every missing one; a secret key is refused naming the risk', () => {
    expect(() => createEmbed({} as EmbedOptions)).toThrow('Sluice: init needs endpoint, key, ruleSet (on the tag: data-endpoint, data-key, data-rule-set)');
    expect(() => createEmbed(undefined as unknown as EmbedOptions)).toThrow('init needs endpoint, key, ruleSet');
    expect(() => createEmbed({ endpoint: 'http://rt.test', key: 'pk_x' } as EmbedOptions)).toThrow('Sluice: init needs ruleSet');
    const rt = fakeRuntime();
    let thrown: unknown;
    try {
      createEmbed({ endpoint: 'http://rt.test', key: 'sk_live_123', ruleSet: 'x', fetch: rt.f, storage: memStorage() });
    } catch (x) {
      thrown = x;
    }
    expect(thrown).toMatchObject({ code: 'options', stopped: true, message: expect.stringMatching(/secret key \(sk_\) refused: anyone who opens the page could read and use it/) });
    expect(rt.state.requests).toBe(0);
  });

  it('on() adds callbacks and gives a new onChange the current result at once', async () => {
    const rt = fakeRuntime();
    const { e } = start(rt, memStorage());
    await settle();
    const seen: string[] = [];
    e.on({ onChange: (r, prev) => seen.push(`${r.outcome.stage} ${prev === null}`) });
    expect(seen).toEqual(['Nurture true']);
    e.track('pricing_view');
    expect(seen).toHaveLength(2);
    expect(() => e.on({ ruleSet: 'other' })).toThrow('already running with rule set fit-engagement-decay');
  });

  it('a rule set the bundle cannot run is reported once; a broken cached copy waits for the runtime\'s', async () => {
    const rt = fakeRuntime();
    const storage = memStorage();
    const errors: EmbedError[] = [];
    vi.spyOn(globalThis.console, 'error').mockImplementation(() => {});
    // A cached copy that does not load (no nodes), then the runtime's good one.
    storage.setItem('sluice:r:fit-engagement-decay', JSON.stringify({ e: '"old"', r: { ...ruleSet, nodes: [] } }));
    const { e } = start(rt, storage, { onError: (x) => errors.push(x) });
    await settle();
    expect(errors).toEqual([]);
    expect(e.result()?.source).toBe('network');
    // The runtime serves a broken one: one report, however many events follow.
    const bad = fakeRuntime();
    const f = (async (url: string, init?: RequestInit) =>
      String(url).endsWith('/public') ? Response.json({ ...ruleSet, nodes: [] }) : bad.f(url, init)) as typeof fetch;
    const { e: other } = start(bad, memStorage(), { fetch: f, onError: (x) => errors.push(x) });
    await settle();
    other.track('page_view');
    other.track('page_view');
    await other.flush();
    expect(errors).toEqual([expect.objectContaining({ code: 'rule_set', stopped: true })]);
    expect(other.result()).toBeNull();
  });
});
