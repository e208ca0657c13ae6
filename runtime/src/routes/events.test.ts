import { afterEach, describe, expect, it } from 'vitest';
import { createIdentityToken } from '@sluice/sdk/client';
import { harness, IDENTITY_SECRET, PUBLISHABLE, PUBLISHABLE_SHOP, SECRET } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;
const ev = (id: string, type: string, extra: Record<string, unknown> = {}) => ({ id, type, at: '2025-06-01T12:00:00Z', ...extra });

interface Lead {
  id: string;
  lead: Record<string, unknown>;
  events: { id: string }[];
  ruleSets: { id: string; version: number; stage: { stage: string } | null; result: { outcome: { stage: string }; scores: { fit: number } }; history: { from: string | null; to: string; version: number; cause: string }[] }[];
  handoffs: { dueAt: string; touchedAt: string | null }[];
}

describe('events, leads and stages', () => {
  it('stores events once, re-scores the lead and records each stage change with the version', async () => {
    h = await harness();
    // Score with a leadId: the lead now belongs to the rule set (stage Nurture).
    const first = await h.json<{ outcome: { stage: string } }>('POST', '/v1/score', { ruleSet: 'demo-flow', leadId: 'L1', lead: { employees: 5 } });
    expect(first.body.outcome.stage).toBe('Nurture');
    await h.json('PUT', '/v1/leads/L1', { lead: { employees: 500 }, account: { name: 'Acme' } });

    const batch = { events: [ev('e1', 'demo_request', { leadId: 'L1' }), ev('e2', 'page_view', { leadId: 'L1', props: { url: '/pricing' } })] };
    const a = await h.json<{ accepted: number; duplicates: number; rescored: { stage: string; changed: boolean; from: string }[] }>('POST', '/v1/events', batch);
    expect(a.status).toBe(200);
    expect(a.body.accepted).toBe(2);
    expect(a.body.rescored).toEqual([expect.objectContaining({ stage: 'SQL', changed: true, from: 'MQL' })]);

    // A retry of the same batch adds nothing and re-scores nothing.
    const b = await h.json<{ accepted: number; duplicates: number; rescored: unknown[] }>('POST', '/v1/events', batch);
    expect(b.body).toMatchObject({ accepted: 0, duplicates: 2, rescored: [] });

    const lead = await h.json<Lead>('GET', '/v1/leads/L1');
    expect(lead.status).toBe(200);
    expect(lead.body.lead).toEqual({ employees: 500 });
    expect(lead.body.events.map((e) => e.id)).toEqual(['e2', 'e1']);
    const rs = lead.body.ruleSets[0];
    expect(rs?.result.scores.fit).toBe(75);
    expect(rs?.stage?.stage).toBe('SQL');
    expect(rs?.history.map((x) => [x.from, x.to, x.version, x.cause])).toEqual([
      [null, 'Nurture', 1, 'score'],
      ['Nurture', 'MQL', 1, 'lead'],
      ['MQL', 'SQL', 1, 'events'],
    ]);
    expect(lead.body.handoffs).toHaveLength(1);
  });

  it('a visitor identified as a lead brings its events along; traits merge into the lead', async () => {
    h = await harness({ defaultRuleSet: 'demo-flow' });
    const pk = { authorization: `Bearer ${PUBLISHABLE}` };
    const sent = await h.json<{ accepted: number; rescored?: unknown }>('POST', '/v1/events', { events: [ev('v1', 'demo_request', { visitorId: 'anon-1' })] }, pk);
    expect(sent.body).toEqual({ accepted: 1, duplicates: 0 });
    const id = await h.json<{ rescored: { stage: string }[] }>('POST', '/v1/identify', { visitorId: 'anon-1', leadId: 'L2', traits: { employees: 150 } });
    expect(id.status).toBe(200);
    expect(id.body.rescored).toEqual([expect.objectContaining({ ruleSet: 'demo-flow', stage: 'SQL' })]);
    // Later visitor events follow the lead.
    await h.json('POST', '/v1/events', { events: [ev('v2', 'page_view', { visitorId: 'anon-1' })] }, pk);
    const lead = await h.json<Lead>('GET', '/v1/leads/L2?ruleSet=demo-flow');
    expect(lead.body.lead).toEqual({ employees: 150 });
    expect(lead.body.events.map((e) => e.id)).toEqual(['v2', 'v1']);
    expect(lead.body.ruleSets[0]?.result.scores.fit).toBe(75);
  });

  it('publishable keys send visitor events only, and cannot set traits', async () => {
    h = await harness();
    const pk = { authorization: `Bearer ${PUBLISHABLE}` };
    const r = await h.json<{ error: { code: string; details: { issues: { path: string }[] } } }>('POST', '/v1/events', { events: [ev('x', 'page_view', { leadId: 'L9' })] }, pk);
    expect(r.status).toBe(403);
    expect(r.body.error.details.issues[0]?.path).toBe('/events/0/leadId');
    expect((await h.json('POST', '/v1/identify', { visitorId: 'a', leadId: 'L9', traits: { employees: 1e6 } }, pk)).status).toBe(403);
    // Linking needs the backend's identity token for that lead (routes/identity.test.ts).
    const token = (leadId: string) => createIdentityToken(IDENTITY_SECRET, leadId, { now: h.clock.now });
    expect((await h.json('POST', '/v1/identify', { visitorId: 'a', leadId: 'L9', token: token('L9') }, pk)).status).toBe(200);
    // Re-linking a visitor to another lead needs a secret key, token or not.
    expect((await h.json('POST', '/v1/identify', { visitorId: 'a', leadId: 'L10', token: token('L10') }, pk)).status).toBe(403);
  });

  it('validates events: one of leadId / visitorId, a date, a batch size', async () => {
    h = await harness();
    const r = await h.json<{ error: { details: { issues: { path: string }[] } } }>('POST', '/v1/events', { events: [{ id: 'a', type: 't', at: 'x', leadId: 'L' }] });
    expect(r.status).toBe(400);
    expect(r.body.error.details.issues[0]?.path).toBe('/events/0/at');
    expect((await h.json('POST', '/v1/events', { events: [{ id: 'a', type: 't', at: 1 }] })).status).toBe(400);
    expect((await h.json('POST', '/v1/events', { events: [{ id: 'a', type: 't', at: 1, leadId: 'L', visitorId: 'v' }] })).status).toBe(400);
    expect((await h.json('POST', '/v1/events', { events: [] })).status).toBe(400);
  });

  it('decay is applied at read time: the score falls as the clock moves on', async () => {
    h = await harness({ examples: [decayFlow()] });
    await h.json('POST', '/v1/score', { ruleSet: 'decay', leadId: 'L3', lead: {} });
    await h.json('POST', '/v1/events', { events: [{ id: 'd1', type: 'visit', at: h.clock.now, leadId: 'L3' }] });
    const now = await h.json<Lead>('GET', '/v1/leads/L3');
    expect(now.body.ruleSets[0]?.result.scores).toEqual({ eng: 100 });
    h.clock.now += 10 * DAY;
    const later = await h.json<Lead>('GET', '/v1/leads/L3');
    expect(later.body.ruleSets[0]?.result.scores).toEqual({ eng: 50 });
  });

  it('404 for a lead nobody has heard of; 400 for a lead id with a slash', async () => {
    h = await harness();
    expect((await h.json('GET', '/v1/leads/nobody')).status).toBe(404);
    expect((await h.json('GET', '/v1/leads/a%2fb')).status).toBe(400);
  });
});

describe('SLA', () => {
  it('lists handoffs past due until a touch acknowledges them', async () => {
    h = await harness();
    await h.json('POST', '/v1/score', { ruleSet: 'demo-flow', leadId: 'hot', lead: { employees: 500 }, events: [{ type: 'demo_request', at: '2025-06-01T00:00:00Z' }] });
    // Monday 10:00 UTC + 4 business hours (09-17) = 14:00.
    const lead = await h.json<Lead>('GET', '/v1/leads/hot');
    expect(lead.body.handoffs[0]?.dueAt).toBe('2025-06-02T14:00:00.000Z');
    expect((await h.json<{ breaches: unknown[] }>('GET', '/v1/sla/breaches')).body.breaches).toEqual([]);
    const late = await h.json<{ breaches: { leadId: string; overdueMinutes: number }[] }>('GET', '/v1/sla/breaches?now=2025-06-02T15:00:00Z');
    expect(late.body.breaches).toEqual([expect.objectContaining({ leadId: 'hot', stage: 'SQL', team: 'ae', overdueMinutes: 60 })]);
    h.clock.now = Date.parse('2025-06-02T16:00:00Z');
    expect((await h.json<{ breaches: unknown[] }>('GET', '/v1/sla/breaches')).body.breaches).toHaveLength(1);
    const touch = await h.json<{ acknowledged: number }>('POST', '/v1/leads/hot/touch', { by: 'rep@example.com' });
    expect(touch.body.acknowledged).toBe(1);
    expect((await h.json<{ breaches: unknown[] }>('GET', '/v1/sla/breaches')).body.breaches).toEqual([]);
    expect((await h.json('GET', '/v1/sla/breaches?now=tomorrow')).status).toBe(400);
  });
});

function decayFlow(): Record<string, unknown> {
  return {
    schemaVersion: 1,
    id: 'decay',
    name: 'Decay',
    scores: [{ name: 'eng' }],
    nodes: [
      { id: 'start', kind: 'start', config: { fields: [] } },
      { id: 's', kind: 'score', config: { score: 'eng', rules: [{ label: 'Visit', event: { types: ['visit'] }, points: 100, decay: { halfLifeDays: 10 } }] } },
      { id: 'out', kind: 'outcome', config: { stage: 'Lead' } },
    ],
    edges: [
      { id: 'a', source: 'start', sourcePort: 'next', target: 's' },
      { id: 'b', source: 's', sourcePort: 'next', target: 'out' },
    ],
  };
}

describe('leads and removed rule sets', () => {
  it('a rule set removed from disk is reported in the lead, not a 404 for the whole lead', async () => {
    h = await harness();
    await h.json('POST', '/v1/rulesets/gone/publish', { author: 'a', flow: { ...(await import('../test-support/fixtures.js')).demoFlow('gone') } });
    await h.json('POST', '/v1/score', { ruleSet: 'gone', leadId: 'L5', lead: { employees: 500 } });
    const { rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    rmSync(join(h.dirs.rules, 'gone.ruleset.json'));
    rmSync(join(h.dirs.rules, 'versions'), { recursive: true });
    rmSync(join(h.dirs.rules, 'gone.flow.json'));
    const r = await h.json<{ ruleSets: { id: string; error?: { code: string } }[] }>('GET', '/v1/leads/L5');
    expect(r.status).toBe(200);
    expect(r.body.ruleSets).toEqual([{ id: 'gone', error: expect.objectContaining({ code: 'not_found' }) }]);
    expect((await h.json('GET', '/v1/leads/L5?ruleSet=gone')).status).toBe(404);
  });
});

describe('sendBeacon: a publishable key in the URL, on POST /v1/events only', () => {
  // What navigator.sendBeacon(url, string) sends: no Authorization, text/plain, an Origin.
  const beacon = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    h.app.request(path, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers }, body: JSON.stringify(body) });
  const batch = { events: [ev('b1', 'page_view', { visitorId: 'anon-b' }), ev('b2', 'pricing_view', { visitorId: 'anon-b' })] };

  it('takes the events once, however often the beacon is sent', async () => {
    h = await harness();
    const a = await beacon(`/v1/events?key=${PUBLISHABLE}`, batch, { origin: 'https://a.example' });
    expect(a.status).toBe(200);
    expect(await a.json()).toEqual({ accepted: 2, duplicates: 0 });
    const again = await beacon(`/v1/events?key=${PUBLISHABLE}`, batch);
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 2 });
  });

  it('refuses a secret key in the URL, and a key in the URL anywhere else', async () => {
    h = await harness();
    const secret = await beacon(`/v1/events?key=${SECRET}`, batch);
    expect(secret.status).toBe(401);
    expect(((await secret.json()) as { error: { message: string } }).error.message).toMatch(/secret key is never accepted in the URL/);
    for (const [method, path] of [['POST', '/v1/identify'], ['GET', '/v1/rulesets/demo-flow/public'], ['POST', '/v1/score'], ['GET', '/v1/events']]) {
      const r = await h.app.request(`${path}?key=${PUBLISHABLE}`, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
      expect(r.status, `${method} ${path}`).toBe(401);
    }
    expect((await beacon('/v1/events?key=pk_nope', batch)).status).toBe(401);
    expect((await beacon('/v1/events?key=', batch)).status).toBe(401);
  });

  it("keeps the key's origin rule and its limits to visitor events", async () => {
    h = await harness();
    expect((await beacon(`/v1/events?key=${PUBLISHABLE_SHOP}`, batch, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await beacon(`/v1/events?key=${PUBLISHABLE_SHOP}`, batch, { origin: 'https://shop.example' })).status).toBe(200);
    const forLead = await beacon(`/v1/events?key=${PUBLISHABLE}`, { events: [ev('b3', 'demo_request', { leadId: 'L9' })] });
    expect(forLead.status).toBe(403);
  });

  it('a header key wins over one in the URL', async () => {
    h = await harness();
    const r = await beacon(`/v1/events?key=pk_nope`, batch, { authorization: `Bearer ${PUBLISHABLE}` });
    expect(r.status).toBe(200);
  });
});
