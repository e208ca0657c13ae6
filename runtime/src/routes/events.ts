import type { EventsResponse, IdentifyResponse } from '@sluice/schemas';
import type { Context, Hono } from 'hono';
import { validateEventsRequest, validateIdentifyRequest } from '@sluice/schemas/validators';
import type { HonoEnv, Services } from '../context.js';
import type { NewEvent } from '../store/store.js';
import type { Rescored } from '../services/scoring.js';
import { check, readJson, toMs } from '../body.js';
import { SluiceError } from '../errors.js';
import { requireIdentityProof } from './identity.js';

interface EventsBody {
  events: { id: string; type: string; at: string | number; leadId?: string; visitorId?: string; props?: Record<string, unknown> }[];
}
interface IdentifyBody {
  visitorId: string;
  leadId: string;
  traits?: Record<string, unknown>;
  token?: string;
}

async function rescoreAll(c: Context<HonoEnv>, s: Services, leadIds: Iterable<string>, cause: string): Promise<Rescored[]> {
  const out: Rescored[] = [];
  for (const id of leadIds) {
    out.push(
      ...(await s.scoring.rescore(id, cause, (e) => s.log('error', 'rescore failed', { requestId: c.get('requestId'), leadId: id, error: String(e) }))),
    );
  }
  return out;
}

/**
 * POST /v1/events (stored durably before the 2xx; replayed ids ignored) and
 * POST /v1/identify (visitor → lead). Both re-score the leads they touch.
 */
export function eventRoutes(app: Hono<HonoEnv>, s: Services): void {
  app.post('/v1/events', async (c) => {
    const body = check<EventsBody>(validateEventsRequest, await readJson(c, s.bodyLimit), 'EventsRequest');
    const key = c.get('key');
    const publishable = key.kind === 'publishable';
    await s.limits.visitors(c, body.events.flatMap((e) => (e.visitorId === undefined ? [] : [e.visitorId])));
    // Ids are unique per source: a browser reusing a server event's id stores its own event.
    const source = publishable ? 'browser' : 'server';
    const keyId = key.hash.slice(0, 16);
    const events: NewEvent[] = body.events.map((e, i) => {
      if (publishable && e.leadId !== undefined) {
        throw new SluiceError('forbidden', 'a publishable key may only send events for visitor ids', { issues: [{ path: `/events/${i}/leadId`, message: 'needs a secret key' }] });
      }
      const atMs = toMs(e.at);
      if (Number.isNaN(atMs)) throw new SluiceError('validation_failed', 'EventsRequest is invalid', { issues: [{ path: `/events/${i}/at`, message: 'is not a date' }] });
      const ev: NewEvent = { id: e.id, source, keyId, type: e.type, at: e.at, atMs };
      if (e.leadId !== undefined) ev.leadId = e.leadId;
      if (e.visitorId !== undefined) ev.visitorId = e.visitorId;
      if (e.props !== undefined) ev.props = e.props;
      return ev;
    });
    // The leads to re-score are queued in the events' transaction (a crash before re-scoring
    // loses nothing; the queue is drained on start). Only new events change scores.
    const { inserted, duplicates, leads } = await s.store.addEvents(events, s.clock());
    s.metrics.events(inserted.length, duplicates.length);
    const rescored = await rescoreAll(c, s, leads, 'events');
    // Visitors only learn that their events were taken, not other leads' stages.
    return c.json<EventsResponse>(publishable ? { accepted: inserted.length, duplicates: duplicates.length } : { accepted: inserted.length, duplicates: duplicates.length, duplicateIds: duplicates, rescored });
  });

  app.post('/v1/identify', async (c) => {
    const body = check<IdentifyBody>(validateIdentifyRequest, await readJson(c, s.bodyLimit), 'IdentifyRequest');
    const publishable = c.get('key').kind === 'publishable';
    await s.limits.visitors(c, [body.visitorId]);
    if (publishable && body.traits !== undefined) {
      // Lead attributes drive scoring (employees, title...): browsers must not set them.
      throw new SluiceError('forbidden', 'a publishable key may not set traits; send them with a secret key', { issues: [{ path: '/traits', message: 'needs a secret key' }] });
    }
    // Anyone can read the publishable key and type a lead id: the backend's token is the proof.
    if (publishable) requireIdentityProof(s, body.leadId, body.token);
    const now = s.clock();
    const current = await s.store.leadForVisitor(body.visitorId);
    if (publishable && current !== null && current !== body.leadId) {
      throw new SluiceError('forbidden', 'this visitor is linked to another lead; re-linking needs a secret key');
    }
    const { previous } = await s.store.linkVisitor(body.visitorId, body.leadId, now);
    if (body.traits) await s.store.mergeLeadAttributes(body.leadId, body.traits, now);
    const affected = new Set([body.leadId]);
    if (previous && previous !== body.leadId) affected.add(previous);
    const rescored = await rescoreAll(c, s, affected, 'identify');
    return c.json<IdentifyResponse>(publishable ? { visitorId: body.visitorId, linked: true } : { visitorId: body.visitorId, leadId: body.leadId, previousLeadId: previous, rescored });
  });
}
