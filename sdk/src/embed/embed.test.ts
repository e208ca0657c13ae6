// The embed outside a page (no document: no DOM listeners, no automatic page view), with a
// fake storage, fetch and clock. Browser behaviour is covered by test/e2e/landing-page.spec.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { uuid } from './uuid.js';
import { parsePageEvents } from './auto.js';
import { fakeRuntime, memStorage, settle, start } from './embed.test-util.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

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

  it('sends every event once, in batches, with unique ids and the visitor id; identify (with its token) first', async () => {
    const rt = fakeRuntime();
    const { e } = start(rt, memStorage());
    for (let i = 0; i < 150; i++) e.track('page_view', { url: `/p${i}` });
    e.identify('ada@acme.io', {}, 'v1.1767229200.token-from-the-backend');
    await vi.advanceTimersByTimeAsync(1500);
    expect(rt.events.size).toBe(150);
    expect([...rt.events.values()].every((n) => n === 1)).toBe(true);
    expect(rt.identified).toEqual([{ visitorId: e.stats().visitorId, leadId: 'ada@acme.io', token: 'v1.1767229200.token-from-the-backend' }]);
    expect(e.stats().queued).toBe(0);
  });

  it('identify without a token scores in the browser only: the runtime is not asked to link (it would refuse)', async () => {
    const rt = fakeRuntime();
    const { e } = start(rt, memStorage());
    await settle();
    e.identify('ada@acme.io', { seniority: 'vp', department: 'revops', account: { industry: 'software', employees: 800 } });
    expect(e.result()?.grade).toBe('A4');
    e.track('page_view');
    await vi.advanceTimersByTimeAsync(1500);
    expect(rt.identified).toEqual([]);
    expect(rt.events.size).toBe(1);
  });

  it('a pending identify left by an older embed (a lead id without a token) is dropped, not sent', async () => {
    const rt = fakeRuntime();
    const storage = memStorage();
    storage.setItem('sluice:i', JSON.stringify('ada@acme.io'));
    const { e } = start(rt, storage);
    e.track('page_view');
    await vi.advanceTimersByTimeAsync(1500);
    expect(rt.identified).toEqual([]);
    expect(rt.events.size).toBe(1);
    expect(storage.getItem('sluice:i')).toBe('""');
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
