// The funnel loop's endpoints: the plan beside the flow (GET/PUT like a draft) and the
// measured funnel.
import type { Hono } from 'hono';
import type { FunnelResponse, SavePlanResponse } from '@sluice/schemas';
import type { HonoEnv, Services } from '../context.js';
import { requireSecret } from '../middleware/auth.js';
import { readJson, toMs } from '../body.js';
import { ruleSetId } from '../ids.js';
import { SluiceError } from '../errors.js';
import { knownStages, measure } from '../services/funnel.js';
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
    return c.json<SavePlanResponse>({ id, saved: true });
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
