// Every JSON answer of the runtime has a schema in defs.schema.json (the OpenAPI document
// points at them; the typed client's types are generated from them). This walks each route
// once, with secret and publishable keys where both may call it, and checks the answer.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ValidateFunction } from '@sluice/schemas';
import { toIssues } from '@sluice/schemas';
import * as v from '@sluice/schemas/response-validators';
import * as doc from '@sluice/schemas/validators';
import { harness, PUBLISHABLE } from './test-support/harness.js';
import type { Harness } from './test-support/harness.js';
import { demoFlow } from './test-support/fixtures.js';
import { ENDPOINTS } from './openapi.js';

let h: Harness;
afterEach(async () => h?.close());

/** The endpoints with a JSON answer, and the ones this file has checked. */
const described = ENDPOINTS.filter((e) => e.response).map((e) => ({ name: `${e.method.toUpperCase()} ${e.path}`, re: new RegExp(`^${e.method.toUpperCase()} ${e.path.replace(/\{[^}]+\}/g, '[^/]+')}$`) }));
const checked = new Set<string>();

/** Calls the route and checks the answer against `validate`; returns the body. */
async function answer(validate: ValidateFunction, method: string, path: string, body?: unknown, headers?: Record<string, string>, status = 200) {
  const route = described.find((d) => d.re.test(`${method} ${path.split('?')[0]}`));
  if (route && status < 400) checked.add(route.name);
  const r = await h.json(method, path, body, headers);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(status);
  const ok = validate(r.body);
  expect(ok ? [] : toIssues(validate.errors, r.body), `${method} ${path}`).toEqual([]);
  return r.body as Record<string, unknown>;
}
const pk = { authorization: `Bearer ${PUBLISHABLE}` };
const ev = (id: string, extra: Record<string, unknown>) => ({ id, type: 'demo_request', at: '2025-06-02T09:00:00Z', ...extra });

describe("the runtime's answers match their schemas", () => {
  afterAll(() => {
    // A route added to ENDPOINTS with a response schema gets a call here too.
    expect(described.map((d) => d.name).filter((n) => !checked.has(n))).toEqual([]);
  });

  it('events, identify, leads, touch, SLA breaches', async () => {
    h = await harness({ defaultRuleSet: 'demo-flow' });
    await answer(v.validatePutLeadResponse, 'PUT', '/v1/leads/L1', { lead: { employees: 500 }, account: { name: 'Acme' } });
    await answer(v.validateEventsResponse, 'POST', '/v1/events', { events: [ev('e1', { leadId: 'L1' })] });
    await answer(v.validateEventsResponse, 'POST', '/v1/events', { events: [ev('e1', { leadId: 'L1' })] }); // duplicates
    await answer(v.validateEventsResponse, 'POST', '/v1/events', { events: [ev('v1', { visitorId: 'anon-1' })] }, pk);
    const minted = await answer(v.validateIdentityTokenResponse, 'POST', '/v1/identity-tokens', { leadId: 'L2' });
    await answer(v.validateIdentifyResponse, 'POST', '/v1/identify', { visitorId: 'anon-1', leadId: 'L2', token: minted.token }, pk);
    await answer(v.validateIdentifyResponse, 'POST', '/v1/identify', { visitorId: 'anon-1', leadId: 'L1', traits: { employees: 900 } });
    const lead = await answer(v.validateLeadResponse, 'GET', '/v1/leads/L1');
    expect((lead.handoffs as unknown[]).length).toBeGreaterThan(0);
    await answer(v.validateLeadResponse, 'GET', '/v1/leads/L1?ruleSet=demo-flow&trace=true');
    h.clock.now += 30 * 86_400_000;
    const breaches = await answer(v.validateBreachesResponse, 'GET', '/v1/sla/breaches');
    expect((breaches.breaches as unknown[]).length).toBeGreaterThan(0);
    await answer(v.validateTouchResponse, 'POST', '/v1/leads/L1/touch', { by: 'ann' });
  });

  it('a lead whose rule set was removed says so for that rule set', async () => {
    h = await harness({ examples: [demoFlow('demo-flow'), demoFlow('other-flow')] });
    await h.json('POST', '/v1/score', { ruleSet: 'other-flow', leadId: 'L1', lead: { employees: 5 } });
    // Gone from the folder (a hand edit): the registry stops serving it.
    rmSync(join(h.dirs.examples, 'other-flow.flow.json'));
    const lead = await answer(v.validateLeadResponse, 'GET', '/v1/leads/L1');
    expect(lead.ruleSets).toEqual([expect.objectContaining({ id: 'other-flow', error: expect.objectContaining({ code: 'not_found' }) })]);
  });

  it('the registry: list, detail, draft, publish, versions; webhook deliveries', async () => {
    // A receiver nobody listens on: the delivery stays pending with its error.
    const webhooks = [{ url: 'http://127.0.0.1:9/hook' }];
    h = await harness({ examples: [demoFlow('demo-flow', { webhooks })] });
    await answer(v.validateRuleSetListResponse, 'GET', '/v1/rulesets');
    await answer(v.validateRuleSetDetailResponse, 'GET', '/v1/rulesets/demo-flow');
    await answer(v.validateSaveDraftResponse, 'PUT', '/v1/rulesets/demo-flow/draft', demoFlow('demo-flow', { sqlAt: 50, webhooks }));
    await answer(v.validateRuleSetDetailResponse, 'GET', '/v1/rulesets/demo-flow');
    await answer(v.validatePublishResponse, 'POST', '/v1/rulesets/demo-flow/publish', { author: 'Ann Lee <ann@example.com>' }, undefined, 201);
    await answer(v.validateVersionsResponse, 'GET', '/v1/rulesets/demo-flow/versions');
    await h.json('POST', '/v1/score', { ruleSet: 'demo-flow', leadId: 'L1', lead: { employees: 500 } });
    await h.dispatcher.runOnce();
    const d = await answer(v.validateDeliveriesResponse, 'GET', '/v1/webhooks/deliveries');
    expect((d.deliveries as unknown[]).length).toBe(1);
  });

  it('documents: a score result, a draft, a cases file, a version and its drawing, the public rule set', async () => {
    h = await harness();
    await answer(doc.validateEvaluationResult, 'POST', '/v1/score', { ruleSet: 'demo-flow', lead: { employees: 500 }, trace: true });
    await answer(doc.validateFlow, 'GET', '/v1/rulesets/demo-flow/draft');
    await answer(doc.validateCasesFile, 'GET', '/v1/rulesets/demo-flow/cases');
    await answer(doc.validateRuleSet, 'GET', '/v1/rulesets/demo-flow/versions/1');
    await answer(doc.validateFlow, 'GET', '/v1/rulesets/demo-flow/versions/1/flow');
    await answer(doc.validateRuleSet, 'GET', '/v1/rulesets/demo-flow/public', undefined, pk);
  });

  it('the funnel: CRM stage records, the plan, the measured funnel', async () => {
    h = await harness({ defaultRuleSet: 'demo-flow' });
    await answer(v.validatePutLeadResponse, 'PUT', '/v1/leads/L1', { lead: { employees: 500, source: 'ads' } });
    await h.json('POST', '/v1/events', { events: [ev('d1', { leadId: 'L1' })] }); // SQL, with a handoff
    await answer(v.validateStageRecordResponse, 'POST', '/v1/leads/L1/stage', { id: 'm1', stage: 'Meeting' }, undefined, 201);
    await answer(v.validateStageRecordResponse, 'POST', '/v1/leads/L1/stage', { id: 'm1', stage: 'Meeting' });
    await answer(v.validateStageRecordResponse, 'POST', '/v1/leads/L1/stage', { id: 'sb1', handoff: 'sent back', reason: 'too_early' }, undefined, 201);
    const plan = {
      schemaVersion: 1, ruleSet: 'demo-flow', period: 'month', target: 2, stages: ['MQL', 'SQL', 'Meeting'],
      steps: [{ from: 'MQL', to: 'SQL', conversion: 0.5, days: 3 }, { from: 'SQL', to: 'Meeting', conversion: 0.5, days: 3 }],
    };
    await answer(v.validateSavePlanResponse, 'PUT', '/v1/rulesets/demo-flow/plan', plan);
    await answer(doc.validatePlan, 'GET', '/v1/rulesets/demo-flow/plan');
    await answer(v.validateSavePlanDraftResponse, 'PUT', '/v1/rulesets/demo-flow/plan/draft', { ...plan, target: 3 });
    await answer(v.validatePlanDraftResponse, 'GET', '/v1/rulesets/demo-flow/plan/draft');
    await answer(v.validateDiscardPlanDraftResponse, 'DELETE', '/v1/rulesets/demo-flow/plan/draft');
    await answer(v.validateSavePlanDraftResponse, 'PUT', '/v1/rulesets/demo-flow/plan/draft', plan);
    await answer(v.validatePublishPlanResponse, 'POST', '/v1/rulesets/demo-flow/plan/publish', { author: 'ops' }, undefined, 201);
    for (const by of ['', '&by=month', '&by=version', '&by=source']) {
      const f = await answer(v.validateFunnelResponse, 'GET', `/v1/funnel?ruleSet=demo-flow&from=2025-06-01&to=2025-06-30${by}`);
      expect((f.stages as { reached: number }[]).map((s) => s.reached)).toEqual([1, 1, 1]); // MQL on PUT, SQL on the demo request, Meeting from the CRM
    }
  });

  it('errors', async () => {
    h = await harness();
    await answer(v.validateErrorResponse, 'GET', '/v1/leads/nobody', undefined, undefined, 404);
    await answer(v.validateErrorResponse, 'POST', '/v1/events', { events: [{}] }, undefined, 400);
  });
});
