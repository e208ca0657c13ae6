// How the embed reports failures and stops what cannot succeed (issue 18), with a fake
// runtime; the same on a real page: test/e2e/embed-on-a-page.spec.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEmbed } from './embed.js';
import type { EmbedError, EmbedOptions } from './types.js';
import { fakeRuntime, memStorage, ruleSet, settle, start } from './embed.test-util.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

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

  it('a link the runtime refuses is reported, and live scoring goes back to the lead it had before', async () => {
    const { rt, e, errors } = errorsOf();
    await settle();
    e.identify('ada@acme.io', { seniority: 'vp', department: 'revops', account: { industry: 'software', employees: 800 } }, 'v1.1.token-for-ada');
    await e.flush();
    expect(e.result()?.scores.fit).toBe(70);
    rt.state.identifyStatus = 403;
    // As a form does: scored as bob at once (no token yet), then the backend's token arrives.
    e.identify('bob@other.io', { seniority: 'student' });
    e.identify('bob@other.io', {}, 'v1.1.token-for-bob');
    expect(e.result()?.scores.fit).not.toBe(70);
    e.track('pricing_view');
    await e.flush();
    expect(errors).toEqual([expect.objectContaining({ code: 'identify_refused', status: 403, stopped: false })]);
    expect(errors[0]!.message).toBe("Sluice: identify(bob@other.io) refused: this visitor is linked to another lead (HTTP 403); scoring stays with the runtime's lead");
    expect(e.result()?.scores.fit).toBe(70);
    // The event still went out; nothing is retried.
    expect(rt.events.size).toBe(1);
    expect(rt.identified).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(errors).toHaveLength(1);
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

  it("a page's onChange that throws does not stop the embed: its error is on the console, scoring and fetching go on", async () => {
    const rt = fakeRuntime();
    const errors: EmbedError[] = [];
    const console = vi.spyOn(globalThis.console, 'error').mockImplementation(() => {});
    const storage = memStorage();
    let calls = 0;
    const onChange = () => {
      calls++;
      throw new Error('page bug');
    };
    const { e } = start(rt, storage, { onChange, onError: (x) => errors.push(x) });
    await settle();
    e.track('pricing_view');
    await settle();
    expect(e.result()?.scores.engagement).toBe(8);
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([]);
    expect(console).toHaveBeenCalledWith('Sluice: onChange threw', expect.objectContaining({ message: 'page bug' }));
    // Again on the same storage (the same visitor): the cached rule set first, then the runtime's; still scored.
    e.destroy();
    const again = start(rt, storage, { onChange, onError: (x) => errors.push(x) });
    await settle();
    again.e.track('pricing_view');
    await settle();
    expect(again.e.result()?.scores.engagement).toBe(16);
    expect(errors).toEqual([]);
  });
});
