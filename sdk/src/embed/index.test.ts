// The module-level API: one embed per page, calls before start queued. (Node: no document,
// so no automatic page view; the page-level behaviour is in test/e2e/embed-on-a-page.spec.ts.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { identify, init, result, stats, track } from './index.js';
import type { EmbedOptions } from './types.js';

afterEach(() => {
  const g = globalThis as { __sluice?: { destroy(): void } };
  g.__sluice?.destroy();
  delete g.__sluice;
});

/** A runtime that answers every call with a refusal of the rule set and counts events. */
function options(sent: string[]): EmbedOptions {
  const f = (async (url: string, req: RequestInit = {}) => {
    if (String(url).endsWith('/public')) return Response.json({ error: { code: 'not_found', message: 'no' } }, { status: 404 });
    const events = (JSON.parse(String(req.body)) as { events?: { type: string }[] }).events ?? [];
    if (events.some((e) => e.type === 'refused')) return Response.json({ error: { code: 'validation_failed', message: 'no' } }, { status: 400 });
    for (const e of events) sent.push(e.type);
    return Response.json({ accepted: 1, duplicates: 0 });
  }) as typeof fetch;
  return { endpoint: 'http://rt.test', key: 'pk_x', ruleSet: 'x', fetch: f, storage: null, onError: () => {} };
}

describe('init', () => {
  it('replays calls made before start, in order (bounded), and gives stats() once started', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const sent: string[] = [];
    track('early_one');
    identify('ada@acme.io');
    track('early_two');
    expect(stats()).toBeNull();
    expect(result()).toBeNull();
    const e = init(options(sent));
    expect(stats()).toMatchObject({ queued: 2, dropped: 0 });
    await e.flush();
    expect(sent).toEqual(['early_one', 'early_two']);
    vi.restoreAllMocks();
  });

  it('a second init returns the running embed and only adds its callbacks: nothing counted twice', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const sent: string[] = [];
    const first = init(options(sent));
    const errors: string[] = [];
    const second = init({ ...options(sent), onError: (x) => errors.push(x.code) });
    expect(second).toBe(first);
    track('once');
    await first.flush();
    expect(sent).toEqual(['once']);
    // The second init's callbacks are the running embed's now: they hear of the unknown rule
    // set (its answer came after the second init) and of a refused batch.
    track('refused');
    await first.flush();
    expect(errors).toEqual(['rule_set', 'rejected']);
    expect(() => init({ ...options(sent), ruleSet: 'another' })).toThrow(/already running with rule set x/);
    vi.restoreAllMocks();
  });
});
