import type { Hono } from 'hono';
import type { Account, EvaluationInput, Event } from '@sluice/schemas';
import { validateScoreRequest } from '@sluice/schemas/validators';
import type { HonoEnv, Services } from '../context.js';
import { requireSecret } from '../middleware/auth.js';
import { check, readJson, toMs } from '../body.js';
import { SluiceError } from '../errors.js';

interface ScoreBody {
  ruleSet: string;
  version?: number;
  lead: Record<string, unknown>;
  events?: Event[];
  account?: Account;
  now?: string | number;
  trace?: boolean;
  leadId?: string;
}

/** The `now` of an evaluation: the request's (validated) or the server clock. */
export function nowOf(given: string | number | undefined, clock: () => number, path = '/now'): string | number {
  if (given === undefined) return new Date(clock()).toISOString();
  if (Number.isNaN(toMs(given))) throw new SluiceError('validation_failed', 'now must be an ISO-8601 date-time or epoch milliseconds', { issues: [{ path, message: 'is not a date' }] });
  return given;
}

/** POST /v1/score: one lead. With `leadId` the lead's stage change is recorded. */
export function scoreRoutes(app: Hono<HonoEnv>, s: Services): void {
  app.post('/v1/score', async (c) => {
    requireSecret(c);
    const body = check<ScoreBody>(validateScoreRequest, await readJson(c, s.bodyLimit), 'ScoreRequest');
    const rs = await s.registry.ruleSet(body.ruleSet, body.version);
    const input: EvaluationInput = { lead: body.lead };
    if (body.events) input.events = body.events;
    if (body.account) input.account = body.account;
    const result = s.scoring.evaluate(rs, input, nowOf(body.now, s.clock), body.trace === true);
    if (body.leadId !== undefined) await s.scoring.recordScored(body.leadId, rs, result);
    return c.json(result);
  });
}
