import type { Hono } from 'hono';
import type { BreachesResponse, DeliveriesResponse, LeadResponse, LeadRuleSetView, PutLeadResponse, TouchResponse } from '@sluice/schemas';
import { validatePutLeadRequest, validateTouchRequest } from '@sluice/schemas/validators';
import type { HonoEnv, Services } from '../context.js';
import { requireSecret } from '../middleware/auth.js';
import { check, readJson, toMs } from '../body.js';
import { leadId, ruleSetId } from '../ids.js';
import { SluiceError } from '../errors.js';
import type { Handoff, StageChange, StoredEvent } from '../store/store.js';
import type { RuleSet } from '@sluice/schemas';
import { eventPage, encodeCursor } from './event-page.js';

const iso = (ms: number) => new Date(ms).toISOString();
const historyView = (h: StageChange) => ({
  ruleSet: h.ruleSetId, version: h.version, from: h.from, to: h.to, at: iso(h.at), cause: h.cause,
  ...(h.source !== undefined ? { source: h.source } : {}), ...(h.recordId !== undefined ? { recordId: h.recordId } : {}), ...(h.reason !== undefined ? { reason: h.reason } : {}),
});
const eventView = (e: StoredEvent) => ({
  id: e.id, type: e.type, at: e.at, source: e.source, ...(e.keyId ? { keyId: e.keyId } : {}), ...(e.props ? { props: e.props } : {}), ...(e.visitorId ? { visitorId: e.visitorId } : {}),
});
export const handoffView = (h: Handoff) => ({
  leadId: h.leadId, ruleSet: h.ruleSetId, version: h.version, stage: h.stage, team: h.team, dueAt: iso(h.dueAt), createdAt: iso(h.createdAt),
  touchedAt: h.touchedAt === null ? null : iso(h.touchedAt), touchedBy: h.touchedBy,
});

/** Leads: stored attributes, scored now (decay at read time), stage and history; SLA touch. */
export function leadRoutes(app: Hono<HonoEnv>, s: Services): void {
  app.get('/v1/leads/:id', async (c) => {
    requireSecret(c);
    const id = leadId(c.req.param('id'));
    const q = c.req.query('ruleSet');
    const page = eventPage(c.req.query('limit'), c.req.query('cursor'));
    await s.scoring.requireLead(id);
    const ids = q !== undefined ? [ruleSetId(q)] : await s.scoring.ruleSetsOf(id);
    const stages = await s.store.stages(id);
    const nowMs = s.clock();
    const now = new Date(nowMs).toISOString();
    const loaded: RuleSet[] = [];
    const missing = new Map<string, LeadRuleSetView>();
    for (const rsId of ids) {
      try {
        loaded.push(await s.registry.ruleSet(rsId));
      } catch (e) {
        // A rule set the lead was scored with may have been removed since: say so, go on.
        if (q !== undefined || !(e instanceof SluiceError) || e.code !== 'not_found') throw e;
        missing.set(rsId, { id: rsId, error: e.toBody().error });
      }
    }
    // Scored from the events its rule sets can see, as re-scoring does; listed a page at a time.
    const input = await s.scoring.storedInput(id, loaded, nowMs);
    const ruleSets: LeadRuleSetView[] = [];
    for (const rsId of ids) {
      const rs = loaded.find((r) => r.id === rsId);
      if (!rs) {
        ruleSets.push(missing.get(rsId) as LeadRuleSetView);
        continue;
      }
      const result = s.scoring.evaluate(rs, input, now, c.req.query('trace') === 'true');
      const stored = stages.find((st) => st.ruleSetId === rsId);
      ruleSets.push({
        id: rsId,
        version: rs.version,
        stage: stored ? { stage: stored.stage, version: stored.version, since: iso(stored.updatedAt) } : null,
        result,
        history: (await s.store.stageHistory(id, rsId)).map(historyView),
      });
    }
    const events = await s.store.leadEventsPage(id, { limit: page.limit + 1, ...(page.before ? { before: page.before } : {}) });
    const more = events.length > page.limit;
    if (more) events.pop();
    const last = events[events.length - 1];
    return c.json<LeadResponse>({
      id,
      lead: input.lead,
      account: input.account ?? null,
      events: events.map(eventView),
      nextCursor: more && last ? encodeCursor(last) : null,
      now,
      ruleSets,
      handoffs: (await s.store.handoffs(id)).map(handoffView),
    });
  });

  app.put('/v1/leads/:id', async (c) => {
    requireSecret(c);
    const id = leadId(c.req.param('id'));
    const body = check<{ lead: Record<string, unknown>; account?: Record<string, unknown> }>(validatePutLeadRequest, await readJson(c, s.bodyLimit), 'PutLeadRequest');
    const rec = await s.store.putLead(id, body.lead, body.account, s.clock());
    const rescored = await s.scoring.rescore(id, 'lead', (e) => s.log('error', 'rescore failed', { leadId: id, error: String(e) }));
    return c.json<PutLeadResponse>({ id, lead: rec.attributes, account: rec.account, rescored });
  });

  app.post('/v1/leads/:id/touch', async (c) => {
    requireSecret(c);
    const id = leadId(c.req.param('id'));
    const body = check<{ by?: string; at?: string | number }>(validateTouchRequest, (await readJson(c, s.bodyLimit, true)) ?? {}, 'TouchRequest');
    const at = body.at === undefined ? s.clock() : toMs(body.at);
    if (Number.isNaN(at)) throw new SluiceError('validation_failed', 'TouchRequest is invalid', { issues: [{ path: '/at', message: 'is not a date' }] });
    const acknowledged = await s.store.touch(id, at, body.by ?? null);
    return c.json<TouchResponse>({ leadId: id, acknowledged, at: iso(at) });
  });

  app.get('/v1/sla/breaches', async (c) => {
    requireSecret(c);
    const q = c.req.query('now');
    const now = q === undefined ? s.clock() : toMs(/^\d+$/.test(q) ? Number(q) : q);
    if (Number.isNaN(now)) throw new SluiceError('bad_request', 'now must be an ISO-8601 date-time or epoch milliseconds');
    const limit = Math.min(1000, Math.max(1, Number(c.req.query('limit') ?? 100) || 100));
    const list = await s.store.breaches(now, limit);
    return c.json<BreachesResponse>({ now: iso(now), breaches: list.map((h) => ({ ...handoffView(h), overdueMinutes: Math.floor((now - h.dueAt) / 60_000) })) });
  });

  app.get('/v1/webhooks/deliveries', async (c) => {
    requireSecret(c);
    const status = c.req.query('status');
    if (status !== undefined && status !== 'pending' && status !== 'delivered' && status !== 'failed') {
      throw new SluiceError('bad_request', 'status is one of pending, delivered, failed');
    }
    const limit = Math.min(1000, Math.max(1, Number(c.req.query('limit') ?? 100) || 100));
    const list = await s.store.listDeliveries(status, limit);
    return c.json<DeliveriesResponse>({
      deliveries: list.map((d) => ({
        id: d.id, url: d.url, ruleSet: d.ruleSetId, leadId: d.leadId, status: d.status, attempts: d.attempts, lastStatus: d.lastStatus, lastError: d.lastError,
        nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null, createdAt: iso(d.createdAt), deliveredAt: d.deliveredAt === null ? null : iso(d.deliveredAt),
        payload: JSON.parse(d.payload) as unknown,
      })),
    });
  });
}
