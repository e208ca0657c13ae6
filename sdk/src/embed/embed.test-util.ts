// Shared by the embed's unit tests: the example rule set, a localStorage stand-in, a fake
// runtime (fetch) and an embed started on them with a fixed clock.
import { readFileSync } from 'node:fs';
import { expect, vi } from 'vitest';
import type { RuleSet } from '@sluice/schemas';
import { compile } from '../core/compile.js';
import { createEmbed } from './embed.js';
import type { EmbedOptions, EmbedResult } from './types.js';

const flow = JSON.parse(readFileSync(new URL('../../../examples/fit-engagement-decay.flow.json', import.meta.url), 'utf8')) as unknown;
const c = compile(flow);
if (!c.ok) throw new Error('example does not compile');
export const ruleSet: RuleSet = c.ruleSet;

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
export const memStorage = (): Storage => new MemStorage() as unknown as Storage;

/** A fake runtime: serves the rule set with an ETag, stores events by id, can be "down". */
export function fakeRuntime() {
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

/** The embed's clock in these tests (timers are Vitest's fake ones). */
const clock = Date.UTC(2026, 2, 2, 15);

export function start(rt: ReturnType<typeof fakeRuntime>, storage: Storage, extra: Partial<EmbedOptions> = {}) {
  const changes: EmbedResult[] = [];
  const e = createEmbed({ endpoint: 'http://rt.test/', key: 'pk_test', ruleSet: 'fit-engagement-decay', storage, fetch: rt.f, now: () => clock, onChange: (r) => changes.push(r), ...extra });
  return { e, changes };
}
export const settle = () => vi.advanceTimersByTimeAsync(0);
