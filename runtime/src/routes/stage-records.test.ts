import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, PUBLISHABLE } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';
import { DEMO_ID } from '../test-support/fixtures.js';

let h: Harness;
afterEach(async () => h?.close());

type Issues = { error: { code: string; details?: { issues: { path: string; message: string }[] } } };

describe('POST /v1/leads/:id/stage', () => {
  it('records a CRM stage into the lead\'s history once per source and id: 201, then 200 with the stored record', async () => {
    h = await harness({ defaultRuleSet: DEMO_ID });
    await h.json('PUT', '/v1/leads/L1', { lead: { employees: 500 } }); // MQL
    h.clock.now += 3_600_000;
    const first = await h.json('POST', '/v1/leads/L1/stage', { id: 'opp-7', stage: 'Meeting', source: 'salesforce' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      leadId: 'L1', ruleSet: DEMO_ID, version: 1, recorded: true, rescored: [],
      record: { id: 'opp-7', source: 'salesforce', at: '2025-06-02T11:00:00.000Z', from: 'MQL', to: 'Meeting', cause: 'crm', reason: null },
    });
    h.clock.now += 3_600_000;
    const again = await h.json('POST', '/v1/leads/L1/stage', { id: 'opp-7', stage: 'Meeting', source: 'salesforce' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ recorded: false, record: first.body.record });
    const lead = await h.json<{ ruleSets: { history: unknown[] }[] }>('GET', '/v1/leads/L1');
    expect(lead.body.ruleSets[0]?.history).toEqual([
      { ruleSet: DEMO_ID, version: 1, from: null, to: 'MQL', at: '2025-06-02T10:00:00.000Z', cause: 'lead' },
      { ruleSet: DEMO_ID, version: 1, from: 'MQL', to: 'Meeting', at: '2025-06-02T11:00:00.000Z', cause: 'crm', source: 'salesforce', recordId: 'opp-7' },
    ]);
    // The flows' own stage is not overwritten by the CRM's: it is what the flows compute.
    expect((await h.store.stages('L1')).map((s) => s.stage)).toEqual(['MQL']);
  });

  it('a loss and a send-back become lead fields (lead.loss, lead.sendBack) and the lead is re-scored with them', async () => {
    h = await harness({ defaultRuleSet: DEMO_ID });
    await h.json('PUT', '/v1/leads/L1', { lead: { employees: 500 }, account: { name: 'Acme' } });
    const r = await h.json('POST', '/v1/leads/L1/stage', { id: 'lost-1', stage: 'Lost', reason: 'budget_timing', at: '2025-06-01T09:00:00Z' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ record: { to: 'Lost', reason: 'budget_timing', at: '2025-06-01T09:00:00.000Z' }, rescored: [{ leadId: 'L1', ruleSet: DEMO_ID }] });
    const sent = await h.json('POST', '/v1/leads/L1/stage', { id: 'sb-1', handoff: 'sent back', reason: 'no_budget' });
    expect(sent.body).toMatchObject({ record: { cause: 'handoff', to: 'sent back', reason: 'no_budget' } });
    expect(await h.store.getLead('L1')).toMatchObject({
      attributes: { employees: 500, loss: { reason: 'budget_timing', at: '2025-06-01T09:00:00.000Z' }, sendBack: { reason: 'no_budget', at: '2025-06-02T10:00:00.000Z' } },
      account: { name: 'Acme' },
    });
  });

  it('refuses bad records, naming the field', async () => {
    h = await harness({ defaultRuleSet: DEMO_ID });
    await h.json('PUT', '/v1/leads/L1', { lead: { employees: 500 } });
    const bad = async (body: unknown, path: string, message: RegExp, id = 'L1') => {
      const r = await h.json<Issues>('POST', `/v1/leads/${id}/stage`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      const issue = r.body.error.details?.issues.find((i) => i.path === path);
      expect(issue?.message, JSON.stringify(r.body)).toMatch(message);
    };
    await bad({ id: 'x', stage: 'Lost' }, '/reason', /required with stage Lost/);
    await bad({ id: 'x', handoff: 'sent back' }, '/reason', /required with handoff "sent back"/);
    await bad({ id: 'x', handoff: 'declined' }, '/handoff', /must be one of: accepted, sent back/);
    await bad({ id: 'x', stage: 'Won', at: 'last tuesday' }, '/at', /is not a date/);
    await bad({ id: 'x', stage: 'Won', at: '2026-06-02T10:00:00Z' }, '/at', /is in the future/);
    await bad({ stage: 'Won' }, '/id', /is required/);
    await bad({ id: 'x' }, '/stage', /is required \(or handoff: accepted \/ sent back\)/);
    await bad({ id: 'x', stage: 'Won', handoff: 'accepted' }, '/handoff', /cannot come with stage/);
    await bad({ id: 'x', stage: 'Won', source: 'Sales Force' }, '/source', /pattern/);
    // Nothing was recorded by any of them.
    expect((await h.store.stageHistory('L1')).map((c) => c.to)).toEqual(['MQL']);
  });

  it('asks which rule set when the lead has several; 404 for an unknown one; secret key only', async () => {
    h = await harness({ defaultRuleSet: DEMO_ID });
    await h.json('PUT', '/v1/leads/L1', { lead: { employees: 500 } });
    await h.store.recordStage({ leadId: 'L1', ruleSetId: 'other', version: 3, stage: 'MQL', at: h.clock.now, cause: 'score' });
    const r = await h.json<Issues>('POST', '/v1/leads/L1/stage', { id: 'w', stage: 'Won' });
    expect(r.body.error.details?.issues).toEqual([{ path: '/ruleSet', message: `is required: the lead is scored by several rule sets (${DEMO_ID}, other)` }]);
    expect((await h.json('POST', '/v1/leads/L1/stage', { id: 'w', stage: 'Won', ruleSet: 'other' })).body).toMatchObject({ ruleSet: 'other', version: 3 });
    expect((await h.json('POST', '/v1/leads/L2/stage', { id: 'w2', stage: 'Won', ruleSet: 'nope' })).status).toBe(404);
    expect((await h.json('POST', '/v1/leads/L1/stage', { id: 'w3', stage: 'Won' }, { authorization: `Bearer ${PUBLISHABLE}` })).status).toBe(403);
  });
});

describe('GET/PUT /v1/rulesets/:id/plan', () => {
  const plan = {
    schemaVersion: 1, ruleSet: DEMO_ID, period: 'quarter', target: 6, stages: ['MQL', 'SQL', 'Meeting', 'Won'],
    steps: [{ from: 'MQL', to: 'SQL', conversion: 0.4, days: 7 }, { from: 'SQL', to: 'Meeting', conversion: 0.8, days: 5 }, { from: 'Meeting', to: 'Won', conversion: 0.3, days: 45 }],
  };

  it('saves a valid plan beside the flow and serves it; 404 before', async () => {
    h = await harness();
    expect((await h.json('GET', `/v1/rulesets/${DEMO_ID}/plan`)).status).toBe(404);
    expect((await h.json('PUT', `/v1/rulesets/${DEMO_ID}/plan`, plan)).body).toEqual({ id: DEMO_ID, saved: true });
    const got = await h.json('GET', `/v1/rulesets/${DEMO_ID}/plan`);
    expect(got.body).toEqual(plan);
    expect(got.res.headers.get('x-sluice-source')).toBe('rules');
    // Secret key only: a visitor can neither read nor replace the plan.
    const pk = { authorization: `Bearer ${PUBLISHABLE}` };
    expect((await h.json('GET', `/v1/rulesets/${DEMO_ID}/plan`, undefined, pk)).status).toBe(403);
    expect((await h.json('PUT', `/v1/rulesets/${DEMO_ID}/plan`, plan, pk)).status).toBe(403);
  });

  it('refuses bad plans with every problem named: rates, unknown stages, the rule set', async () => {
    h = await harness();
    const r = await h.json<Issues>('PUT', `/v1/rulesets/${DEMO_ID}/plan`, { ...plan, stages: ['MQL', 'SQL', 'Demo', 'Won'], steps: [{ ...plan.steps[0], conversion: 1.2 }, ...plan.steps.slice(1)] });
    expect(r.status).toBe(400);
    expect(r.body.error.details?.issues).toEqual([{ path: '/steps/0/conversion', message: 'must be <= 1' }]);
    const stages = await h.json<Issues>('PUT', `/v1/rulesets/${DEMO_ID}/plan`, { ...plan, stages: ['MQL', 'SQL', 'Demo', 'Won'], steps: [plan.steps[0], { ...plan.steps[1], to: 'Demo' }, { ...plan.steps[2], from: 'Demo' }] });
    expect(stages.body.error.details?.issues).toEqual([{ path: '/stages/2', message: expect.stringMatching(/^unknown stage "Demo": not a stage of the rule set nor a CRM stage \(Lead, MQL, SQL, Opportunity, Nurture, Recycled, Rejected, Meeting, Won, Lost\)$/) }]);
    const other = await h.json<Issues>('PUT', `/v1/rulesets/${DEMO_ID}/plan`, { ...plan, ruleSet: 'other' });
    expect(other.body.error.details?.issues).toEqual([{ path: '/ruleSet', message: `must be "${DEMO_ID}"` }]);
  });

  it('a plan file edited by hand into an invalid one is a 422 naming the field', async () => {
    h = await harness();
    writeFileSync(join(h.dirs.rules, `${DEMO_ID}.plan.json`), JSON.stringify({ ...plan, target: -1 }));
    const r = await h.json<Issues>('GET', `/v1/rulesets/${DEMO_ID}/plan`);
    expect(r.status).toBe(422);
    expect(r.body.error.details?.issues).toEqual([{ path: '/target', message: 'must be >= 1' }]);
  });
});
