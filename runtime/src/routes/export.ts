import type { Hono } from 'hono';
import type { ExportedLead } from '@sluice/schemas';
import type { HonoEnv, Services } from '../context.js';
import { requireSecret } from '../middleware/auth.js';
import { SluiceError } from '../errors.js';
import { leadId } from '../ids.js';
import { toEngineEvent } from '../services/scoring.js';

export const EXPORT_PAGE = { default: 1000, max: 10_000 };

/**
 * GET /v1/export/leads: the stored leads with their events, as NDJSON in id order, one page
 * per request (`?after=<cursor>&limit=<n>`). Each line is an EvaluationInput with the lead's id
 * and its current stage per rule set, so the file feeds `sluice simulate` and the editor's
 * Simulate panel as it is. The ids of a page are read first (the next cursor goes in a header),
 * then each lead is read and sent as the client pulls: memory stays one lead whatever the page.
 */
export function exportRoutes(app: Hono<HonoEnv>, s: Services): void {
  app.get('/v1/export/leads', async (c) => {
    requireSecret(c);
    const after = c.req.query('after');
    const cursor = after === undefined || after === '' ? '' : leadId(after);
    const rawLimit = c.req.query('limit');
    const limit = rawLimit === undefined ? EXPORT_PAGE.default : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > EXPORT_PAGE.max) throw new SluiceError('bad_request', `limit must be a whole number from 1 to ${EXPORT_PAGE.max}`);
    const ids = await s.store.leadIdsAfter(cursor, limit);
    const headers: Record<string, string> = { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' };
    // A full page may have more after it; a short one is the last.
    const next = ids.length === limit ? ids[ids.length - 1] : undefined;
    if (next !== undefined) {
      headers['x-next-cursor'] = next;
      headers.link = `</v1/export/leads?after=${encodeURIComponent(next)}&limit=${limit}>; rel="next"`;
    }
    const enc = new TextEncoder();
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(ctl) {
        const id = ids[i++];
        if (id === undefined) return ctl.close();
        const [lead, events, stages] = await Promise.all([s.store.getLead(id), s.store.eventsForLead(id), s.store.stages(id)]);
        const line: ExportedLead = { id, lead: lead?.attributes ?? {}, events: events.map(toEngineEvent), stages: {} };
        if (lead?.account) line.account = lead.account;
        line.stages = Object.fromEntries(stages.map((st) => [st.ruleSetId, { stage: st.stage, version: st.version, since: new Date(st.updatedAt).toISOString() }]));
        ctl.enqueue(enc.encode(`${JSON.stringify(line)}\n`));
      },
    });
    return c.body(stream, 200, headers);
  });
}
