import type { EvaluationInput, EvaluationResult, RuleSet, Event } from '@sluice/schemas';
import { evaluate } from '@sluice/sdk';
import type { Registry } from '../registry/registry.js';
import type { Store, StoredEvent } from '../store/store.js';
import type { Metrics } from '../metrics.js';
import { SluiceError } from '../errors.js';

export type { Rescored } from '@sluice/schemas';
import type { Rescored } from '@sluice/schemas';

/** A stored event as the engine sees it (no lead/visitor ids: those are routing). */
export function toEngineEvent(e: StoredEvent): Event {
  const out: Event = { id: e.id, type: e.type, at: e.at };
  if (e.props) out.props = e.props;
  return out;
}

/** Webhook URLs of a rule set that want stage changes. */
function stageWebhooks(rs: RuleSet): string[] {
  return (rs.webhooks ?? []).filter((w) => !w.events || w.events.includes('stage.changed')).map((w) => w.url);
}

/**
 * Scoring with state: evaluates leads (the engine stays pure; `now` comes from here) and
 * records stage changes, handoffs and webhook deliveries in the store.
 */
export class Scoring {
  constructor(
    private readonly registry: Registry,
    private readonly store: Store,
    private readonly clock: () => number,
    private readonly metrics: Metrics,
    private readonly defaultRuleSet: string | undefined,
    private readonly onStageChange: () => void = () => {},
  ) {}

  /** Evaluates one input; engine errors about the rule set become a 500 with its issues logged. */
  evaluate(rs: RuleSet, input: EvaluationInput, now: string | number, trace = false): EvaluationResult {
    let result: EvaluationResult;
    try {
      result = evaluate(rs, input, { now, trace });
    } catch (e) {
      // The engine refuses a `now` it cannot compute dates from (a date outside the years
      // 1000–9000): that is the request's fault, a 400, not a crash.
      if (e instanceof TypeError) throw new SluiceError('validation_failed', e.message, { issues: [{ path: '/now', message: 'is not a usable date' }] });
      throw e;
    }
    this.metrics.scored(rs.id, result.outcome.stage);
    return result;
  }

  /** Records the result's stage for a lead (history, handoff, webhooks when it changed). */
  async record(leadId: string, rs: RuleSet, result: EvaluationResult, cause: string): Promise<Rescored> {
    const at = this.clock();
    const dueAt = result.outcome.actions.handoff?.dueAt;
    const team = result.outcome.actions.handoff?.team;
    const due = dueAt ? Date.parse(dueAt) : NaN;
    const webhooks = stageWebhooks(rs);
    const r = await this.store.recordStage({
      leadId,
      ruleSetId: rs.id,
      version: rs.version,
      stage: result.outcome.stage,
      at,
      cause,
      ...(Number.isFinite(due) ? { handoff: team === undefined ? { dueAt: due } : { dueAt: due, team } } : {}),
      webhooks,
    });
    if (r.changed && webhooks.length) this.onStageChange();
    return { leadId, ruleSet: rs.id, version: rs.version, stage: result.outcome.stage, changed: r.changed, from: r.from };
  }

  /** The lead's stored attributes, account and events as an engine input. */
  async storedInput(leadId: string): Promise<{ input: EvaluationInput; events: StoredEvent[]; found: boolean }> {
    const lead = await this.store.getLead(leadId);
    const events = await this.store.eventsForLead(leadId);
    const input: EvaluationInput = { lead: lead?.attributes ?? {}, events: events.map(toEngineEvent) };
    if (lead?.account) input.account = lead.account;
    return { input, events, found: lead !== null || events.length > 0 };
  }

  /** The rule sets a lead is scored with: those it has a stage for, else the default one. */
  async ruleSetsOf(leadId: string): Promise<string[]> {
    const ids = (await this.store.stages(leadId)).map((s) => s.ruleSetId);
    if (ids.length === 0 && this.defaultRuleSet) ids.push(this.defaultRuleSet);
    return ids;
  }

  /**
   * Re-scores a lead from what is stored, against the latest version of each of its rule
   * sets, recording stage changes. A rule set that cannot be loaded is skipped (the event
   * is stored either way); the error goes to `onError`.
   */
  async rescore(leadId: string, cause: string, onError: (e: unknown) => void): Promise<Rescored[]> {
    const ids = await this.ruleSetsOf(leadId);
    if (ids.length === 0) return [];
    const { input } = await this.storedInput(leadId);
    const now = new Date(this.clock()).toISOString();
    const out: Rescored[] = [];
    for (const id of ids) {
      try {
        const rs = await this.registry.ruleSet(id);
        out.push(await this.record(leadId, rs, this.evaluate(rs, input, now), cause));
      } catch (e) {
        onError(e);
      }
    }
    return out;
  }

  /** Throws 404 unless the lead exists in some form. */
  async requireLead(leadId: string): Promise<void> {
    const lead = await this.store.getLead(leadId);
    if (lead) return;
    if ((await this.store.eventsForLead(leadId)).length > 0) return;
    if ((await this.store.stages(leadId)).length > 0) return;
    throw new SluiceError('not_found', `lead ${leadId} is not known`);
  }
}
