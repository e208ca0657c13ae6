import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, eventHorizon } from '@sluice/sdk';
import type { RuleSet } from '@sluice/schemas';
import { harness, PUBLISHABLE } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';
import { demoFlow, DEMO_ID } from '../test-support/fixtures.js';
import { createApp } from '../app.js';
import { KeyRing } from '../keys.js';
import { openSqliteStore } from '../store/sqlite.js';
import { DEFAULT_LEAD_EVENT_LIMIT, toEngineEvent } from '../services/scoring.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;
const pub = { authorization: `Bearer ${PUBLISHABLE}` };

interface LeadBody {
  events: { id: string; source: string; keyId?: string }[];
  nextCursor: string | null;
  ruleSets: { stage: { stage: string } | null; result: { outcome: { stage: string }; scores: Record<string, number> }; history: { to: string }[] }[];
  handoffs: unknown[];
}

/** The demo flow where a demo request counts only when the backend reports it. */
function serverDemoFlow(): Record<string, unknown> {
  const f = demoFlow(DEMO_ID) as { nodes: { id: string; config: { rules?: Record<string, unknown>[] } }[] };
  const rules = f.nodes.find((n) => n.id === 'score')?.config.rules ?? [];
  rules[1] = { label: 'Demo request (backend)', event: { types: ['demo_request'], where: { fact: 'source', operator: 'equal', value: 'server' } }, points: 30 };
  return f as unknown as Record<string, unknown>;
}

describe('events keep their source', () => {
  it('a browser cannot claim the id of a server event: both are stored, and the server event moves the lead', async () => {
    h = await harness();
    await h.json('PUT', '/v1/leads/L1', { lead: { employees: 500 } });
    await h.json('POST', '/v1/score', { ruleSet: DEMO_ID, leadId: 'L1', lead: { employees: 500 } });
    // A visitor (linked to the lead) claims the id the backend is about to use.
    await h.json('POST', '/v1/identify', { visitorId: 'v1', leadId: 'L1' });
    const b = await h.json('POST', '/v1/events', { events: [{ id: 'evt-9', type: 'page_view', at: '2025-06-01T12:00:00Z', visitorId: 'v1' }] }, pub);
    expect(b.body).toEqual({ accepted: 1, duplicates: 0 });
    const s = await h.json<{ accepted: number; rescored: { stage: string }[] }>('POST', '/v1/events', { events: [{ id: 'evt-9', type: 'demo_request', at: '2025-06-01T12:00:00Z', leadId: 'L1' }] });
    expect(s.body.accepted).toBe(1);
    expect(s.body.rescored).toEqual([expect.objectContaining({ stage: 'SQL', changed: true })]);
    // Retries stay idempotent, per source.
    expect((await h.json('POST', '/v1/events', { events: [{ id: 'evt-9', type: 'page_view', at: '2025-06-01T12:00:00Z', visitorId: 'v1' }] }, pub)).body).toEqual({ accepted: 0, duplicates: 1 });
    expect((await h.json<{ duplicates: number }>('POST', '/v1/events', { events: [{ id: 'evt-9', type: 'demo_request', at: '2025-06-01T12:00:00Z', leadId: 'L1' }] })).body.duplicates).toBe(1);
    const lead = await h.json<LeadBody>('GET', '/v1/leads/L1');
    expect(lead.body.events.map((e) => [e.id, e.source])).toEqual([['evt-9', 'browser'], ['evt-9', 'server']].reverse());
    expect(lead.body.events.every((e) => /^[0-9a-f]{16}$/.test(e.keyId ?? ''))).toBe(true);
    expect(lead.body.events[0]?.keyId).not.toBe(lead.body.events[1]?.keyId);
  });

  it('a rule set reads `source` in event conditions: a browser cannot fake what only the backend may report', async () => {
    h = await harness({ examples: [serverDemoFlow()] });
    await h.json('PUT', '/v1/leads/L1', { lead: { employees: 500 } });
    await h.json('POST', '/v1/score', { ruleSet: DEMO_ID, leadId: 'L1', lead: { employees: 500 } });
    await h.json('POST', '/v1/identify', { visitorId: 'v1', leadId: 'L1' });
    await h.json('POST', '/v1/events', { events: [{ id: 'b1', type: 'demo_request', at: '2025-06-01T12:00:00Z', visitorId: 'v1' }] }, pub);
    let lead = await h.json<LeadBody>('GET', '/v1/leads/L1');
    expect(lead.body.ruleSets[0]?.result.scores.fit).toBe(40);
    expect(lead.body.ruleSets[0]?.stage?.stage).toBe('MQL');
    await h.json('POST', '/v1/events', { events: [{ id: 's1', type: 'demo_request', at: '2025-06-01T12:00:00Z', leadId: 'L1' }] });
    lead = await h.json<LeadBody>('GET', '/v1/leads/L1');
    expect(lead.body.ruleSets[0]?.result.scores.fit).toBe(70);
    expect(lead.body.ruleSets[0]?.stage?.stage).toBe('SQL');
  });
});

describe('GET /v1/leads/:id pages its events', () => {
  it('newest first, `limit` at a time, following nextCursor to the end without gaps or repeats', async () => {
    h = await harness();
    const events = Array.from({ length: 25 }, (_, i) => ({ id: `e${i}`, type: 'page_view', at: h.clock.now - (i % 5) * DAY, leadId: 'L1' }));
    await h.json('POST', '/v1/events', { events });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const r = await h.json<LeadBody>('GET', `/v1/leads/L1?limit=10${q}`);
      expect(r.status).toBe(200);
      expect(r.body.events.length).toBeLessThanOrEqual(10);
      seen.push(...r.body.events.map((e) => e.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    // By time, newest first; events with the same time in arrival order, newest first.
    const expected = [...events].map((e, i) => ({ ...e, i })).sort((a, b) => b.at - a.at || b.i - a.i).map((e) => e.id);
    expect(seen).toEqual(expected);
    const first = await h.json<LeadBody>('GET', '/v1/leads/L1');
    expect(first.body.events).toHaveLength(25);
    expect(first.body.nextCursor).toBeNull();
  });

  it('refuses a bad limit or cursor with a 400 that names it', async () => {
    h = await harness();
    await h.json('POST', '/v1/events', { events: [{ id: 'e', type: 'page_view', at: h.clock.now, leadId: 'L1' }] });
    for (const [q, path] of [['limit=0', '?limit'], ['limit=1001', '?limit'], ['limit=ten', '?limit'], ['cursor=nope', '?cursor']] as const) {
      const r = await h.json<{ error: { code: string; details: { issues: { path: string }[] } } }>('GET', `/v1/leads/L1?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.details.issues[0]?.path).toBe(path);
    }
  });
});

describe('bounded reads give the results of scoring every event', () => {
  it('a lead with twelve years of events scores exactly as the engine does over all of them', async () => {
    const flows = ['fit-engagement-decay', 'bant-handoff', 'buying-group', 'recycle-by-reason', 'waterfall-6-layer'];
    h = await harness({ examples: flows.map((f) => JSON.parse(readFileSync(new URL(`../../../examples/${f}.flow.json`, import.meta.url), 'utf8')) as Record<string, unknown>) });
    // Events spread over twelve years, with every type the examples score, some in the future.
    const types = ['demo_request', 'pricing_view', 'page_view', 'webinar_attended', 'content_download', 'email_click', 'trial_signup', 'contact_sales'];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const events = Array.from({ length: 600 }, (_, i) => ({
      id: `e${i}`, type: types[Math.floor(rnd() * types.length)] ?? 'page_view', at: new Date(h.clock.now - Math.floor(rnd() * 12 * 365 * DAY) + 3 * DAY).toISOString(), leadId: 'L1',
    }));
    for (let i = 0; i < events.length; i += 200) await h.json('POST', '/v1/events', { events: events.slice(i, i + 200) });
    await h.json('PUT', '/v1/leads/L1', { lead: { title: 'VP Marketing', seniority: 'vp', department: 'marketing', email: 'a@b.io' }, account: { industry: 'software', employees: 850 } });
    const all = (await h.store.eventsForLead('L1')).map(toEngineEvent);
    const lead = (await h.store.getLead('L1'))?.attributes ?? {};
    for (const f of flows) {
      const r = await h.json<LeadBody>('GET', `/v1/leads/L1?ruleSet=${f}`);
      expect(r.status, f).toBe(200);
      const rs: RuleSet = await h.registry.ruleSet(f);
      // The read is bounded: every example rule set leaves some of these events unread.
      const { days } = eventHorizon(rs, { maxEvents: DEFAULT_LEAD_EVENT_LIMIT });
      expect(days, f).not.toBeNull();
      expect(all.filter((e) => Date.parse(String(e.at)) < h.clock.now - ((days ?? 0) + 1) * DAY).length, f).toBeGreaterThan(50);
      const full = evaluate(rs, { lead, account: { industry: 'software', employees: 850 }, events: all }, { now: h.clock.now });
      expect(r.body.ruleSets[0]?.result, f).toEqual(full);
    }
  });

  it('scores at most the newest `leadEventLimit` events of a lead (the retention per lead)', async () => {
    h = await harness({ leadEventLimit: 3 });
    await h.json('PUT', '/v1/leads/L1', { lead: { employees: 5 } });
    await h.json('POST', '/v1/score', { ruleSet: DEMO_ID, leadId: 'L1', lead: { employees: 5 } });
    // An old demo request, then four page views: only the page views are among the newest 3.
    const events = [{ id: 'd', type: 'demo_request', at: h.clock.now - 5 * DAY, leadId: 'L1' }, ...[1, 2, 3, 4].map((i) => ({ id: `p${i}`, type: 'page_view', at: h.clock.now - i * DAY, leadId: 'L1' }))];
    await h.json('POST', '/v1/events', { events });
    const lead = await h.json<LeadBody>('GET', '/v1/leads/L1');
    expect(lead.body.ruleSets[0]?.result.scores.fit).toBe(15);
    expect(lead.body.events).toHaveLength(5); // all stay stored and listed
  });
});

describe('a crash between storing events and re-scoring loses no stage change', () => {
  it('leads queued with their events are re-scored when the app starts, with handoff and webhook delivery', async () => {
    h = await harness({ examples: [demoFlow(DEMO_ID, { webhooks: [{ url: 'https://crm.example/hooks' }] })] });
    await h.json('PUT', '/v1/leads/L1', { lead: { employees: 500 } });
    await h.json('POST', '/v1/score', { ruleSet: DEMO_ID, leadId: 'L1', lead: { employees: 500 } });
    // What the events route stores before it re-scores; the process dies right there.
    await h.store.addEvents([{ id: 'd1', source: 'server', type: 'demo_request', at: h.clock.now, atMs: h.clock.now, leadId: 'L1' }], h.clock.now);
    // A retry of the batch is all duplicates and re-scores nothing by itself...
    const retry = await h.json<{ duplicates: number; rescored: unknown[] }>('POST', '/v1/events', { events: [{ id: 'd1', type: 'demo_request', at: h.clock.now, leadId: 'L1' }] });
    expect(retry.body).toMatchObject({ duplicates: 1, rescored: [] });
    // ...the restart does: a new app over the same database drains the queue.
    const store = openSqliteStore(join(h.dirs.data, 'sluice.db'));
    try {
      const app = createApp({ store, registry: h.registry, keys: new KeyRing(), clock: () => h.clock.now, rateLimits: null });
      expect(await app.drainRescores()).toBe(1);
      expect(await store.stages('L1')).toEqual([expect.objectContaining({ stage: 'SQL' })]);
      expect((await store.stageHistory('L1')).map((c) => [c.from, c.to, c.cause])).toEqual([[null, 'MQL', 'score'], ['MQL', 'SQL', 'events']]);
      expect(await store.handoffs('L1')).toEqual([expect.objectContaining({ stage: 'SQL', team: 'ae' })]);
      expect((await store.listDeliveries(undefined, 10)).map((d) => JSON.parse(d.payload) as { to: string }).map((p) => p.to)).toEqual(['SQL', 'MQL']);
      expect(await store.queuedRescores(10)).toEqual([]);
      expect(await app.drainRescores()).toBe(0);
    } finally {
      await store.close();
    }
  });
  it('a lead left queued by a failed re-score is re-scored later, but not while a request may still be re-scoring it', async () => {
    h = await harness();
    await h.json('PUT', '/v1/leads/L1', { lead: { employees: 500 } });
    await h.json('POST', '/v1/score', { ruleSet: DEMO_ID, leadId: 'L1', lead: { employees: 500 } });
    await h.store.addEvents([{ id: 'd1', source: 'server', type: 'demo_request', at: h.clock.now, atMs: h.clock.now, leadId: 'L1' }], h.clock.now);
    h.clock.now += 1000;
    expect(await h.app.drainRescores(false)).toBe(0); // queued 1 s ago: a request may be on it
    expect((await h.store.stages('L1'))[0]?.stage).toBe('MQL');
    h.clock.now += 5000;
    expect(await h.app.drainRescores(false)).toBe(1);
    expect((await h.store.stages('L1'))[0]?.stage).toBe('SQL');
    expect(await h.store.queuedRescores(10)).toEqual([]);
  });
});
