// The measured funnel of a rule set: the store narrows the history to the window (SQL), the
// SDK's measureFunnel counts. The one implementation behind GET /v1/funnel, which the CLI
// (`sluice funnel`) and the editor's Funnel view call.
import type { FunnelResponse, Plan } from '@sluice/schemas';
import { DEFAULT_STAGES } from '@sluice/schemas';
import { CRM_STAGES, DEFAULT_FUNNEL_SEQUENCE, DEFAULT_RECYCLED_STAGE, measureFunnel } from '@sluice/sdk';
import type { FunnelAnswer, FunnelBy } from '@sluice/sdk';
import type { Registry } from '../registry/registry.js';
import type { Store } from '../store/store.js';

export interface FunnelRequest {
  ruleSetId: string;
  fromMs: number;
  /** Exclusive. */
  toMs: number;
  by?: FunnelBy;
}

/** The stages a plan of this rule set may name: its own (published, else the draft's, else the defaults) and the CRM's. */
export async function knownStages(registry: Registry, id: string): Promise<string[]> {
  let own: readonly string[] | undefined;
  try {
    own = (await registry.ruleSet(id)).stages;
  } catch {
    try {
      own = (await registry.draft(id)).flow.stages;
    } catch {
      own = undefined;
    }
  }
  return [...new Set([...(own ?? DEFAULT_STAGES), ...CRM_STAGES])];
}

/**
 * Measures the funnel of [fromMs, toMs): conversions follow the plan's stage sequence when
 * the rule set has a plan, else DEFAULT_FUNNEL_SEQUENCE.
 *
 * @example
 * const f = await measure(store, registry, { ruleSetId: 'waterfall', fromMs, toMs, by: 'month' }, Date.now());
 */
export async function measure(store: Store, registry: Registry, q: FunnelRequest, now: number): Promise<FunnelResponse> {
  const plan: Plan | undefined = (await registry.plan(q.ruleSetId))?.plan;
  const sequence = plan?.stages ?? [...DEFAULT_FUNNEL_SEQUENCE];
  const [entries, handoffs, answers] = await Promise.all([
    store.funnelEntries({ ruleSetId: q.ruleSetId, fromMs: q.fromMs, toMs: q.toMs, sequence, recycledStage: plan?.recycledStage ?? DEFAULT_RECYCLED_STAGE, leadIds: q.by === 'source' }),
    store.funnelHandoffs(q.ruleSetId, q.fromMs, q.toMs),
    store.handoffAnswers(q.ruleSetId, q.fromMs, q.toMs),
  ]);
  const sources = q.by === 'source' ? await store.leadSources([...entries.map((e) => e.leadId), ...handoffs.map((h) => h.leadId), ...answers.map((a) => a.leadId)]) : null;
  const m = measureFunnel({
    entries,
    handoffs,
    answers: answers.map((a): FunnelAnswer => ({ leadId: a.leadId, version: a.version, at: a.at, answer: a.to === 'accepted' ? 'accepted' : 'sent back' })),
    sequence,
    now,
    ...(q.by ? { by: q.by } : {}),
    ...(sources ? { sourceOf: (id: string) => sources.get(id) } : {}),
  });
  // Every version with its publish time, not only those in the window: the chart says which
  // versions it cannot place (published before Sluice recorded publish times).
  const published = (await registry.versions(q.ruleSetId)).map((v) => ({ version: v.version, publishedAt: v.publishedAt }));
  return {
    ruleSet: q.ruleSetId, from: new Date(q.fromMs).toISOString(), to: new Date(q.toMs).toISOString(), by: q.by ?? null, sequence: [...sequence], ...m, published,
  };
}
