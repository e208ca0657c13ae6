import type { EvaluationInput, EvaluationResult, RuleSet, Event } from '@sluice/schemas';
import { evaluate, eventHorizon, widestHorizon } from '@sluice/sdk';
import type { EventHorizon } from '@sluice/sdk';
import type { Registry } from '../registry/registry.js';
import type { EventWindow, Store, StoredEvent } from '../store/store.js';
import { SKIPPED } from '../store/store.js';
import type { Metrics } from '../metrics.js';
import { SluiceError } from '../errors.js';

export type { Rescored } from '@sluice/schemas';
import type { Rescored } from '@sluice/schemas';

/** A stored event as the engine sees it (no lead/visitor ids: those are routing); `source` tells browser from server events. */
export function toEngineEvent(e: StoredEvent): Event {
  const out: Event = { id: e.id, type: e.type, at: e.at, source: e.source };
  if (e.props) out.props = e.props;
  return out;
}

/**
 * Scoring reads at most this many of a lead's newest events within its rule sets' horizon
 * (the retention per lead: older ones stay stored and listed, but no longer count).
 */
export const DEFAULT_LEAD_EVENT_LIMIT = 1000;
const DAY_MS = 86_400_000;
/** Leads queued longer than this are drained after requests (younger ones are in flight). */
const STALE_QUEUE_MS = 5000;

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
    private readonly leadEventLimit: number = DEFAULT_LEAD_EVENT_LIMIT,
  ) {}

  private readonly horizons = new WeakMap<RuleSet, EventHorizon>();
  /** Re-scores of one lead run one at a time: a slower, older one must not record last. */
  private readonly locks = new Map<string, Promise<unknown>>();
  private draining: Promise<number> | null = null;

  private exclusive<T>(leadId: string, fn: () => Promise<T>): Promise<T> {
    // In turn here, and (PostgreSQL) with other runtimes on the same database.
    const locked = () => this.store.withLeadLock(leadId, fn);
    const run = (this.locks.get(leadId) ?? Promise.resolve()).then(locked, locked);
    const tail = run.then(() => {}, () => {});
    this.locks.set(leadId, tail);
    void tail.then(() => {
      if (this.locks.get(leadId) === tail) this.locks.delete(leadId);
    });
    return run;
  }

  /** Which of a lead's events these rule sets can still see at `nowMs` (see eventHorizon). */
  eventWindow(ruleSets: RuleSet[], nowMs: number): EventWindow {
    const h = widestHorizon(
      ruleSets.map((rs) => {
        let v = this.horizons.get(rs);
        if (!v) this.horizons.set(rs, (v = eventHorizon(rs, { maxEvents: this.leadEventLimit })));
        return v;
      }),
    );
    const w: EventWindow = { limit: this.leadEventLimit };
    // A day more than the horizon: the engine measures ages in days of floating point.
    if (h.days !== null) w.sinceMs = nowMs - (h.days + 1) * DAY_MS;
    if (h.newest > 0) w.newest = { count: h.newest, atOrBeforeMs: nowMs };
    return w;
  }

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

  /** Records a stage computed from a request's own input (POST /v1/score), in turn with the lead's re-scores. */
  recordScored(leadId: string, rs: RuleSet, result: EvaluationResult): Promise<Rescored> {
    return this.exclusive(leadId, () => this.record(leadId, rs, result, 'score'));
  }

  /** Records the result's stage for a lead (history, handoff, webhooks when it changed). */
  private async record(leadId: string, rs: RuleSet, result: EvaluationResult, cause: string, rescored?: number): Promise<Rescored> {
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
      ...(rescored === undefined ? {} : { rescored }),
    });
    if (r.changed && webhooks.length) this.onStageChange();
    return { leadId, ruleSet: rs.id, version: rs.version, stage: result.outcome.stage, changed: r.changed, from: r.from };
  }

  /** The lead's stored attributes, account and the events these rule sets can see at `nowMs`, as an engine input. */
  async storedInput(leadId: string, ruleSets: RuleSet[], nowMs: number): Promise<EvaluationInput> {
    const lead = await this.store.getLead(leadId);
    const events = ruleSets.length ? await this.store.eventsForLead(leadId, this.eventWindow(ruleSets, nowMs)) : [];
    const input: EvaluationInput = { lead: lead?.attributes ?? {}, events: events.map(toEngineEvent) };
    if (lead?.account) input.account = lead.account;
    return input;
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
    return this.exclusive(leadId, async () => {
      // Read the queue entry before the events: a change queued after this read is not in
      // this re-score's view, and keeps the lead queued.
      const queued = await this.store.queuedRescore(leadId);
      const { out, cleared } = await this.rescoreNow(leadId, cause, onError, queued?.seq);
      if (queued && !cleared) await this.store.rescoreDone(leadId, queued.seq);
      return out;
    });
  }

  /** Re-scores and records; the last recorded stage also clears the queue up to `seq` (one commit, not two). */
  private async rescoreNow(leadId: string, cause: string, onError: (e: unknown) => void, seq: number | undefined): Promise<{ out: Rescored[]; cleared: boolean }> {
    const ruleSets: RuleSet[] = [];
    for (const id of await this.ruleSetsOf(leadId)) {
      try {
        ruleSets.push(await this.registry.ruleSet(id));
      } catch (e) {
        onError(e);
      }
    }
    if (ruleSets.length === 0) return { out: [], cleared: false };
    const nowMs = this.clock();
    const input = await this.storedInput(leadId, ruleSets, nowMs);
    const now = new Date(nowMs).toISOString();
    const out: Rescored[] = [];
    let cleared = false;
    for (const [i, rs] of ruleSets.entries()) {
      try {
        const last = i === ruleSets.length - 1;
        out.push(await this.record(leadId, rs, this.evaluate(rs, input, now), cause, last ? seq : undefined));
        cleared = last && seq !== undefined;
      } catch (e) {
        onError(e);
      }
    }
    return { out, cleared };
  }

  /**
   * Re-scores queued leads: those a crash left between storing a change and re-scoring
   * (on start: `all`), or whose re-score failed (after requests: queued over 5 s ago, so
   * not the ones requests in flight are re-scoring). Returns how many it re-scored.
   */
  drain(onError: (e: unknown) => void, all = false): Promise<number> {
    if (this.draining) return this.draining;
    const run = async () => {
      let n = 0;
      const tried = new Set<string>();
      for (;;) {
        const stale = this.clock() - STALE_QUEUE_MS;
        const list = (await this.store.queuedRescores(100)).filter((q) => !tried.has(q.leadId) && (all || q.queuedAt <= stale));
        if (list.length === 0) return n;
        for (const q of list) {
          tried.add(q.leadId); // at most once per drain, even if it keeps failing
          await this.rescore(q.leadId, q.cause, onError).catch(onError);
          n++;
        }
      }
    };
    // With several runtimes on one database one drains at a time; the others skip (0).
    this.draining = this.store.once('rescore-drain', run).then((n) => (n === SKIPPED ? 0 : n)).finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  /** Throws 404 unless the lead exists in some form. */
  async requireLead(leadId: string): Promise<void> {
    const lead = await this.store.getLead(leadId);
    if (lead) return;
    if ((await this.store.leadEventsPage(leadId, { limit: 1 })).length > 0) return;
    if ((await this.store.stages(leadId)).length > 0) return;
    throw new SluiceError('not_found', `lead ${leadId} is not known`);
  }
}
