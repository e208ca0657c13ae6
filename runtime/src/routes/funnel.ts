// The funnel loop's endpoints: the plan beside the flow (GET/PUT like a draft) and the
// measured funnel.
import type { Hono } from 'hono';
import type { DiscardPlanDraftResponse, FunnelResponse, PlanDraftResponse, PublishPlanResponse, SavePlanDraftResponse, SavePlanResponse } from '@sluice/schemas';
import { validatePublishPlanRequest } from '@sluice/schemas/validators';
import type { HonoEnv, Services } from '../context.js';
import { requireSecret } from '../middleware/auth.js';
import { check, readJson, toMs } from '../body.js';
import { ruleSetId } from '../ids.js';
import { SluiceError } from '../errors.js';
import { knownStages, measure, prepareInBackground } from '../services/funnel.js';
import type { FunnelBy } from '@sluice/sdk';

const DAY = 86_400_000;
const BY = ['month', 'quarter', 'version', 'source'];

/** A query date: ISO date-time or epoch ms; a plain date (2025-06-30) as `to` means the end of that day. */
function queryDate(v: string | undefined, name: 'from' | 'to'): number {
  if (v === undefined) throw new SluiceError('bad_request', `${name} is required (ISO-8601 date or date-time, or epoch milliseconds)`);
  const ms = toMs(/^\d+$/.test(v) ? Number(v) : v);
  if (Number.isNaN(ms)) throw new SluiceError('bad_request', `${name} is not a date: ${JSON.stringify(v)}`);
  return name === 'to' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? ms + DAY : ms;
}

export function funnelRoutes(app: Hono<HonoEnv>, s: Services): void {
  app.get('/v1/rulesets/:id/plan', async (c) => {
    requireSecret(c);
    const id = ruleSetId(c.req.param('id'));
    const p = await s.registry.plan(id);
    if (!p) throw new SluiceError('not_found', `rule set ${id} has no plan (${id}.plan.json)`);
    return c.json(p.plan, 200, { 'x-sluice-source': p.source });
  });

  app.put('/v1/rulesets/:id/plan', async (c) => {
    requireSecret(c);
    const id = ruleSetId(c.req.param('id'));
    await s.registry.savePlan(id, await readJson(c, s.bodyLimit), await knownStages(s.registry, id));
    prepareInBackground(s.store, s.registry, [id], s.log);
    return c.json<SavePlanResponse>({ id, saved: true });
  });

  // The plan's draft: saved without touching the published plan, published like a flow.
  app.get('/v1/rulesets/:id/plan/draft', async (c) => {
    requireSecret(c);
    const id = ruleSetId(c.req.param('id'));
    const d = await s.registry.planDraft(id, await knownStages(s.registry, id));
    if (!d) throw new SluiceError('not_found', `rule set ${id} has no draft plan (${id}.plan.draft.json)`);
    return c.json<PlanDraftResponse>({ id, plan: d.plan as unknown as Record<string, unknown>, valid: d.issues.length === 0, issues: d.issues });
  });

  app.put('/v1/rulesets/:id/plan/draft', async (c) => {
    requireSecret(c);
    const id = ruleSetId(c.req.param('id'));
    const issues = await s.registry.savePlanDraft(id, await readJson(c, s.bodyLimit), await knownStages(s.registry, id));
    return c.json<SavePlanDraftResponse>({ id, saved: true, valid: issues.length === 0, issues });
  });

  app.delete('/v1/rulesets/:id/plan/draft', async (c) => {
    requireSecret(c);
    const id = ruleSetId(c.req.param('id'));
    return c.json<DiscardPlanDraftResponse>({ id, discarded: await s.registry.discardPlanDraft(id) });
  });

  app.post('/v1/rulesets/:id/plan/publish', async (c) => {
    requireSecret(c);
    const id = ruleSetId(c.req.param('id'));
    const body = check<{ author: string; message?: string }>(validatePublishPlanRequest, await readJson(c, s.bodyLimit), 'PublishPlanRequest');
    const r = await s.registry.publishPlan(id, await knownStages(s.registry, id), body);
    prepareInBackground(s.store, s.registry, [id], s.log);
    return c.json<PublishPlanResponse>({ id, published: true, commit: r.commit, ...(r.gitError ? { gitError: r.gitError } : {}) }, 201);
  });

  app.get('/v1/funnel', async (c) => {
    requireSecret(c);
    const id = ruleSetId(c.req.query('ruleSet'));
    const fromMs = queryDate(c.req.query('from'), 'from');
    const toMs = queryDate(c.req.query('to'), 'to');
    if (toMs <= fromMs) throw new SluiceError('bad_request', 'to must be after from');
    const by = c.req.query('by');
    if (by !== undefined && !BY.includes(by)) throw new SluiceError('bad_request', `by is one of ${BY.join(', ')}`);
    if (!(await s.registry.summary(id))) throw new SluiceError('not_found', `rule set ${id} does not exist`);
    return c.json<FunnelResponse>(await measure(s.store, s.registry, { ruleSetId: id, fromMs, toMs, ...(by ? { by: by as FunnelBy } : {}) }, s.clock()));
  });
}
