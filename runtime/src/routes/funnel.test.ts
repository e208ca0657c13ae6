// A quarter of leads driven through a flow and the CRM on a fixed clock, then the funnel
// checked count by count. The story of each lead is in `drive` (times are 10:00 UTC unless
// said); the expected figures are worked out by hand in the comments.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { FunnelResponse, FunnelStage, Plan } from '@sluice/schemas';
import { demoFlow } from '../test-support/fixtures.js';
import { harness } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';

const ID = 'pipeline';
// The example plan (6 wins a quarter: Lead, MQL, SQL, Meeting, Won), for this rule set.
const PLAN = { ...(JSON.parse(readFileSync(new URL('../../../examples/bant-handoff.plan.json', import.meta.url), 'utf8')) as Plan), ruleSet: ID };

/** The demo flow (fit ≥ 60 SQL with a 4-business-hour handoff, ≥ 30 MQL), defaulting to Lead, with a recycle row first: a loss or a send-back recycles. */
function pipelineFlow(): Record<string, unknown> {
  const f = demoFlow(ID) as { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] } & Record<string, unknown>;
  const start = f.nodes[0] as { config: { fields: unknown[] } };
  start.config.fields.push({ key: 'lead.loss.reason', type: 'string' }, { key: 'lead.sendBack.reason', type: 'string' }, { key: 'lead.source', type: 'string' });
  const route = f.nodes[2] as { config: { ports: string[]; rows: unknown[]; default: { port: string } } };
  route.config.ports.unshift('recycle');
  route.config.rows.unshift({
    label: 'Lost or sent back',
    when: { any: [{ fact: 'lead', path: '$.loss.reason', operator: 'exists', value: true }, { fact: 'lead', path: '$.sendBack.reason', operator: 'exists', value: true }] },
    port: 'recycle',
  });
  route.config.ports.push('lead');
  route.config.default = { port: 'lead' };
  f.nodes.push({ id: 'recycle', kind: 'outcome', config: { stage: 'Recycled' } }, { id: 'lead', kind: 'outcome', config: { stage: 'Lead' } });
  f.edges = f.edges.filter((e) => e.id !== 'e5');
  f.edges.push(
    { id: 'e6', source: 'route', sourcePort: 'recycle', target: 'recycle' },
    { id: 'e7', source: 'route', sourcePort: 'lead', target: 'lead' },
    { id: 'e8', source: 'route', sourcePort: 'nurture', target: 'nurture' },
  );
  return f;
}

let h: Harness;
afterEach(async () => h?.close());

const at = (iso: string) => {
  h.clock.now = Date.parse(iso.length === 10 ? `${iso}T10:00:00Z` : iso);
};
const ok = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> => {
  const r = await h.json<T>(method, path, body);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
};
const lead = (id: string, attrs: Record<string, unknown>) => ok('PUT', `/v1/leads/${id}`, { lead: attrs });
const demo = (id: string) => ok('POST', '/v1/events', { events: [{ id: `demo-${id}-${h.clock.now}`, type: 'demo_request', at: h.clock.now, leadId: id }] });
const stage = (id: string, body: Record<string, unknown>) => ok('POST', `/v1/leads/${id}/stage`, body);

async function drive(): Promise<void> {
  at('2025-03-20');
  await ok('POST', `/v1/rulesets/${ID}/publish`, { author: 'ops', flow: pipelineFlow() }); // v1
  await ok('PUT', `/v1/rulesets/${ID}/plan`, PLAN);
  await lead('L4', { employees: 500 }); // MQL, before the quarter

  at('2025-04-01'); await lead('L1', { employees: 10, source: 'webinar' }); // Lead
  at('2025-04-02'); await lead('L2', { employees: 500, source: 'webinar' }); // MQL (never Lead)
  at('2025-04-03'); await lead('L3', { employees: 10, source: 'ads' }); // Lead, and stays there
  at('2025-04-04'); await demo('L2'); // SQL: handoff due 14:00, never touched (breached)
  at('2025-04-05'); await demo('L1'); // MQL
  at('2025-04-06'); await stage('L2', { id: 'sb-2', handoff: 'sent back', reason: 'too_early' }); // → Recycled
  at('2025-04-08'); await demo('L4'); // SQL: handoff due 14:00
  at('2025-04-09'); await ok('POST', '/v1/leads/L4/touch', { by: 'ae' }); // 24 h later: breached
  at('2025-04-10'); await lead('L1', { employees: 500, source: 'webinar' }); // SQL: handoff due 14:00
  at('2025-04-10T11:00:00Z'); await ok('POST', '/v1/leads/L1/touch', { by: 'ae' }); // 1 h: on time
  await stage('L1', { id: 'acc-1', handoff: 'accepted' });
  at('2025-04-15'); await stage('L1', { id: 'm-1', stage: 'Meeting' });
  at('2025-04-20'); await stage('L4', { id: 'm-4', stage: 'Meeting' });
  await lead('L5', { employees: 10 }); // Lead (no source)
  at('2025-04-21'); await stage('L5', { id: 'm-5', stage: 'Meeting', source: 'salesforce' });
  await stage('L5', { id: 'm-5', stage: 'Meeting', source: 'salesforce' }); // re-sent: counts once
  at('2025-04-22'); await stage('L5', { id: 'm-5b', stage: 'Meeting', source: 'salesforce' }); // again in Meeting: still one lead

  at('2025-05-01');
  await ok('POST', `/v1/rulesets/${ID}/publish`, { author: 'ops', flow: pipelineFlow() }); // v2
  at('2025-05-10'); await stage('L4', { id: 'lost-4', stage: 'Lost', reason: 'budget_timing' }); // Lost (v1, the version that placed it), then Recycled by v2
  at('2025-05-20'); await stage('L1', { id: 'won-1', stage: 'Won', at: '2025-05-20T10:00:00Z' });
  at('2025-06-01'); await lead('L4', { employees: 10, source: 'ads' }); // re-approached: the CRM cleared the loss → MQL again (fit 0 + demo 30), recycled
  at('2025-07-02'); await lead('L6', { employees: 10 }); // after the quarter
}

const row = (f: { stages: FunnelStage[] }) => Object.fromEntries(f.stages.map((s) => [s.stage, [s.reached, s.recycled, s.convertedToNext, s.conversion, s.medianDaysToNext]]));

describe('GET /v1/funnel over a quarter', () => {
  beforeEach(async () => {
    h = await harness({ examples: [], defaultRuleSet: ID });
    await drive();
  });

  it('counts every stage by hand', async () => {
    const f = await ok<FunnelResponse>('GET', `/v1/funnel?ruleSet=${ID}&from=2025-04-01&to=2025-06-30`);
    expect(f).toMatchObject({ ruleSet: ID, from: '2025-04-01T00:00:00.000Z', to: '2025-07-01T00:00:00.000Z', by: null, sequence: PLAN.stages, groups: [] });
    // [reached, recycled, convertedToNext, conversion, medianDaysToNext]
    expect(row(f)).toEqual({
      Lead: [3, 0, 2, 0.6667, 2.5], // L1, L3, L5; L1 → MQL in 4 days, L5 → Meeting (a later stage) in 1, L3 stays
      MQL: [2, 1, 2, 1, 3.5], // L1 (5 days to SQL), L2 (2); L4 came back through Recycled on June 1
      SQL: [3, 0, 2, 0.6667, 8.5], // L1 (Meeting in 5 days), L4 (12), L2 sent back
      Meeting: [3, 0, 1, 0.3333, 35], // L1 (Won in 35 days), L4 (lost), L5 (its record re-sent, and a second one: one lead)
      Won: [1, 0, null, null, null], // the last stage has no next
      Lost: [1, 0, null, null, null], // unplanned stages seen are listed after the plan's
      Recycled: [2, 0, null, null, null], // L2 (sent back), L4 (lost)
    });
    expect(f.stages.map((s) => [s.stage, s.planned, s.next])).toEqual([
      ['Lead', true, 'MQL'], ['MQL', true, 'SQL'], ['SQL', true, 'Meeting'], ['Meeting', true, 'Won'], ['Won', true, null], ['Lost', false, null], ['Recycled', false, null],
    ]);
    // Handoffs (created on reaching SQL): L1 touched after 1 h (on time), L4 after 24 h (breached), L2 never (breached).
    expect(f.handoffs).toEqual({ total: 3, onTime: 1, breached: 2, open: 0, medianResponseHours: 12.5, accepted: 1, sentBack: 1, acceptanceRate: 0.5 });
    // The versions and when each was published (the chart's markers): v1 on March 20, v2 on May 1.
    expect(f.published).toEqual([{ version: 1, publishedAt: '2025-03-20T10:00:00.000Z' }, { version: 2, publishedAt: '2025-05-01T10:00:00.000Z' }]);
  });

  it('a narrower window counts only entries in it, conversions whenever they came', async () => {
    const f = await ok<FunnelResponse>('GET', `/v1/funnel?ruleSet=${ID}&from=2025-04-10T00:00:00Z&to=2025-05-01T00:00:00Z`);
    expect(row(f)).toMatchObject({ Lead: [1, 0, 1, 1, 1], MQL: [0, 0, 0, null, null], SQL: [1, 0, 1, 1, 5], Meeting: [3, 0, 1, 0.3333, 35], Won: [0, 0, null, null, null] });
    expect(f.handoffs).toMatchObject({ total: 1, onTime: 1, accepted: 1, sentBack: 0 });
  });

  it('groups by month, by the version that placed the lead, and by lead source', async () => {
    const q = (by: string) => ok<FunnelResponse>('GET', `/v1/funnel?ruleSet=${ID}&from=2025-04-01&to=2025-06-30&by=${by}`);
    const reached = (f: FunnelResponse) => Object.fromEntries(f.groups.map((g) => [g.key, g.stages.map((s) => s.reached + s.recycled)]));
    // Columns: Lead, MQL, SQL, Meeting, Won, Lost, Recycled
    expect(reached(await q('month'))).toEqual({ '2025-04': [3, 2, 3, 3, 0, 0, 1], '2025-05': [0, 0, 0, 0, 1, 1, 1], '2025-06': [0, 1, 0, 0, 0, 0, 0] });
    // v2 (published May 1) placed L4 in Recycled and back in MQL; the CRM's Lost and Won count under the version that had placed the lead (v1).
    const byVersion = await q('version');
    expect(reached(byVersion)).toEqual({ v1: [3, 2, 3, 3, 1, 1, 1], v2: [0, 1, 0, 0, 0, 0, 1] });
    expect(byVersion.groups[1]?.stages[1]).toMatchObject({ stage: 'MQL', reached: 0, recycled: 1 });
    const bySource = await q('source');
    expect(reached(bySource)).toEqual({ '(none)': [1, 0, 0, 1, 0, 0, 0], ads: [1, 1, 1, 1, 0, 1, 1], webinar: [1, 2, 2, 1, 1, 0, 1] });
    expect(bySource.groups.find((g) => g.key === 'webinar')?.handoffs).toMatchObject({ total: 2, onTime: 1, breached: 1, accepted: 1, sentBack: 1 });
    (await q('quarter')).groups.forEach((g) => expect(g.key).toBe('2025-Q2'));
  });

  it('without a plan, conversions follow the default sequence', async () => {
    h.clock.now = Date.parse('2025-07-03T00:00:00Z');
    const { rmSync } = await import('node:fs');
    rmSync(`${h.dirs.rules}/${ID}.plan.json`);
    const f = await ok<FunnelResponse>('GET', `/v1/funnel?ruleSet=${ID}&from=2025-04-01&to=2025-06-30`);
    expect(f.sequence).toEqual(['Lead', 'MQL', 'SQL', 'Meeting', 'Opportunity', 'Won']);
    expect(f.stages.find((s) => s.stage === 'Meeting')).toMatchObject({ next: 'Opportunity', convertedToNext: 1 }); // Won is later than Opportunity
  });

  it('refuses bad queries, naming the parameter', async () => {
    const bad = async (qs: string, status: number, message: RegExp) => {
      const r = await h.json<{ error: { message: string } }>('GET', `/v1/funnel?${qs}`);
      expect(r.status, qs).toBe(status);
      expect(r.body.error.message).toMatch(message);
    };
    await bad(`ruleSet=${ID}&to=2025-06-30`, 400, /from is required/);
    await bad(`ruleSet=${ID}&from=yesterday&to=2025-06-30`, 400, /from is not a date/);
    await bad(`ruleSet=${ID}&from=2025-06-30&to=2025-04-01`, 400, /to must be after from/);
    await bad(`ruleSet=${ID}&from=2025-04-01&to=2025-06-30&by=week`, 400, /by is one of month, quarter, version, source/);
    await bad('ruleSet=nope&from=2025-04-01&to=2025-06-30', 404, /nope does not exist/);
    await bad('ruleSet=../x&from=2025-04-01&to=2025-06-30', 400, /rule-set ids/);
    const pk = await h.json('GET', `/v1/funnel?ruleSet=${ID}&from=2025-04-01&to=2025-06-30`, undefined, { authorization: 'Bearer pk_test_any_origin' });
    expect(pk.status).toBe(403);
  });
});

describe('the plan drafted and published like a flow', () => {
  beforeEach(async () => {
    h = await harness({ examples: [], defaultRuleSet: ID });
    at('2025-03-20');
    await ok('POST', `/v1/rulesets/${ID}/publish`, { author: 'ops', flow: pipelineFlow() });
    await ok('PUT', `/v1/rulesets/${ID}/plan`, PLAN);
  });

  it('saves a draft without touching the published plan, then publishes it', async () => {
    expect((await h.json('GET', `/v1/rulesets/${ID}/plan/draft`)).status).toBe(404);
    const next = { ...PLAN, target: 8, steps: PLAN.steps.map((st) => (st.from === 'SQL' ? { ...st, conversion: 0.5 } : st)) };
    expect(await ok('PUT', `/v1/rulesets/${ID}/plan/draft`, next)).toEqual({ id: ID, saved: true, valid: true, issues: [] });
    // The funnel and GET plan still read the published plan.
    expect((await ok<Plan>('GET', `/v1/rulesets/${ID}/plan`)).target).toBe(6);
    expect(await ok('GET', `/v1/rulesets/${ID}/plan/draft`)).toEqual({ id: ID, plan: next, valid: true, issues: [] });
    expect(await h.json('POST', `/v1/rulesets/${ID}/plan/publish`, { author: 'Ann Lee <ann@example.com>' })).toMatchObject({ status: 201, body: { id: ID, published: true, commit: null } });
    expect(await ok<Plan>('GET', `/v1/rulesets/${ID}/plan`)).toEqual(next);
    expect(JSON.parse(readFileSync(`${h.dirs.rules}/${ID}.plan.json`, 'utf8'))).toEqual(next);
    // The draft is gone once published: a second publish has nothing to publish.
    expect((await h.json('GET', `/v1/rulesets/${ID}/plan/draft`)).status).toBe(404);
    const again = await h.json<{ error: { message: string } }>('POST', `/v1/rulesets/${ID}/plan/publish`, { author: 'Ann' });
    expect(again.status).toBe(404);
    expect(again.body.error.message).toMatch(/has no draft plan/);
  });

  it('keeps a draft that is not a valid plan yet, says why, and refuses to publish it with every problem', async () => {
    const bad = { ...PLAN, stages: ['Lead', 'MQL', 'Demo', 'Won'], steps: [{ from: 'Lead', to: 'MQL', conversion: 1.5, days: 3 }] };
    const saved = await ok<{ valid: boolean; issues: { path: string; message: string }[] }>('PUT', `/v1/rulesets/${ID}/plan/draft`, bad);
    expect(saved.valid).toBe(false);
    expect(saved.issues.map((i) => i.path)).toContain('/steps/0/conversion');
    const pub = await h.json<{ error: { code: string; message: string; details: { issues: { path: string; message: string }[] } } }>('POST', `/v1/rulesets/${ID}/plan/publish`, { author: 'ops' });
    expect(pub.status).toBe(400);
    expect(pub.body.error.message).toMatch(/draft plan of pipeline is not a valid plan/);
    expect(pub.body.error.details.issues.length).toBeGreaterThan(0);
    // Fixing the rate still leaves an unknown stage, named.
    const fixed = { ...bad, steps: [{ from: 'Lead', to: 'MQL', conversion: 0.5, days: 3 }, { from: 'MQL', to: 'Demo', conversion: 0.5, days: 3 }, { from: 'Demo', to: 'Won', conversion: 0.5, days: 3 }] };
    const r = await ok<{ valid: boolean; issues: { path: string; message: string }[] }>('PUT', `/v1/rulesets/${ID}/plan/draft`, fixed);
    expect(r.issues).toEqual([{ path: '/stages/2', message: expect.stringMatching(/^unknown stage "Demo"/) }]);
    expect((await ok<Plan>('GET', `/v1/rulesets/${ID}/plan`)).stages).toEqual(PLAN.stages); // untouched throughout
    // A draft for another rule set, or not an object, is not saved at all.
    expect((await h.json('PUT', `/v1/rulesets/${ID}/plan/draft`, { ...PLAN, ruleSet: 'other' })).status).toBe(400);
    expect((await h.json('PUT', `/v1/rulesets/${ID}/plan/draft`, [1, 2])).status).toBe(400);
    expect((await h.json('POST', `/v1/rulesets/${ID}/plan/publish`, {})).status).toBe(400); // author required
    expect(await ok('DELETE', `/v1/rulesets/${ID}/plan/draft`)).toEqual({ id: ID, discarded: true });
    expect(await ok('DELETE', `/v1/rulesets/${ID}/plan/draft`)).toEqual({ id: ID, discarded: false });
    const pk = await h.json('PUT', `/v1/rulesets/${ID}/plan/draft`, PLAN, { authorization: 'Bearer pk_test_any_origin' });
    expect(pk.status).toBe(403);
  });
});
