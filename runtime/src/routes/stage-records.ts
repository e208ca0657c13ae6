// POST /v1/leads/:id/stage: stages the flows do not compute (the CRM's Meeting, Won, Lost
// with a reason) and sales reps' answers to handoffs, into the same stage history. A loss
// or a send-back also becomes lead fields (lead.loss, lead.sendBack) that recycle flows
// read, and the lead is re-scored with them at once.
import type { Hono } from 'hono';
import type { StageRecordRequest, StageRecordResponse } from '@sluice/schemas';
import { validateStageRecordRequest } from '@sluice/schemas/validators';
import type { HonoEnv, Services } from '../context.js';
import { requireSecret } from '../middleware/auth.js';
import { check, readJson, toMs } from '../body.js';
import { leadId, ruleSetId } from '../ids.js';
import { SluiceError } from '../errors.js';

/** The stage whose records must say why (and become lead.loss). */
export const LOST_STAGE = 'Lost';
/** How far ahead of the server clock a record's time may be (clocks of CRMs drift; a typo of a year does not). */
const FUTURE_SLACK_MS = 5 * 60_000;

const issue = (path: string, message: string) => new SluiceError('validation_failed', 'StageRecordRequest is invalid', { issues: [{ path, message }] });

/** The lead fields a record sets, in the shape the recycle templates declare (`lead.loss.reason`, `lead.sendBack.at`, …). */
function leadFields(b: StageRecordRequest, atIso: string): Record<string, unknown> | undefined {
  if (b.stage === LOST_STAGE) return { loss: { reason: b.reason, at: atIso } };
  if (b.handoff === 'sent back') return { sendBack: { reason: b.reason, at: atIso } };
  return undefined;
}

export function stageRecordRoutes(app: Hono<HonoEnv>, s: Services): void {
  app.post('/v1/leads/:id/stage', async (c) => {
    requireSecret(c);
    const id = leadId(c.req.param('id'));
    const b = check<StageRecordRequest>(validateStageRecordRequest, await readJson(c, s.bodyLimit), 'StageRecordRequest');
    if ((b.stage === undefined) === (b.handoff === undefined)) {
      throw issue(b.stage === undefined ? '/stage' : '/handoff', b.stage === undefined ? 'is required (or handoff: accepted / sent back)' : 'cannot come with stage: send one record for each');
    }
    const now = s.clock();
    const at = b.at === undefined ? now : toMs(b.at);
    if (Number.isNaN(at)) throw issue('/at', 'is not a date (ISO-8601 date-time or epoch milliseconds)');
    if (at > now + FUTURE_SLACK_MS) throw issue('/at', `is in the future (${new Date(at).toISOString()}; the server's time is ${new Date(now).toISOString()})`);
    if ((b.stage === LOST_STAGE || b.handoff === 'sent back') && b.reason === undefined) {
      throw issue('/reason', `is required with ${b.stage === LOST_STAGE ? `stage ${LOST_STAGE}` : 'handoff "sent back"'}: recycle flows read it`);
    }
    // The rule set whose funnel it counts in: the one named, else the lead's (or the default).
    const stages = await s.store.stages(id);
    let rsId = b.ruleSet;
    if (rsId === undefined) {
      const mine = await s.scoring.ruleSetsOf(id);
      if (mine.length > 1) throw issue('/ruleSet', `is required: the lead is scored by several rule sets (${mine.join(', ')})`);
      rsId = mine[0];
      if (rsId === undefined) throw issue('/ruleSet', 'is required: the lead has no stage yet and the runtime has no default rule set');
    }
    ruleSetId(rsId);
    // The version that placed the lead, else the latest published (404 when the rule set does not exist).
    const version = stages.find((x) => x.ruleSetId === rsId)?.version ?? (await s.registry.ruleSet(rsId)).version;
    const fields = leadFields(b, new Date(at).toISOString());
    const r = await s.store.recordStageRecord({
      leadId: id, ruleSetId: rsId, version, at, source: b.source ?? 'crm', recordId: b.id, reason: b.reason ?? null,
      ...(b.stage !== undefined ? { cause: 'crm', to: b.stage } : { cause: 'handoff', to: b.handoff as string }),
      ...(fields ? { attributes: fields } : {}),
    });
    const rescored = r.recorded && fields ? await s.scoring.rescore(id, 'crm', (e) => s.log('error', 'rescore failed', { leadId: id, error: String(e) })) : [];
    const rec = r.record;
    return c.json<StageRecordResponse>({
      leadId: id, ruleSet: rec.ruleSetId, version: rec.version, recorded: r.recorded, rescored,
      record: { id: rec.recordId ?? b.id, source: rec.source ?? 'crm', at: new Date(rec.at).toISOString(), from: rec.from, to: rec.to, cause: rec.cause as 'crm' | 'handoff', reason: rec.reason ?? null },
    }, r.recorded ? 201 : 200);
  });
}
