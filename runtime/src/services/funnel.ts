// The measured funnel of a rule set: the store tallies the window (SQL), the SDK's
// measureFunnel turns the tallies into the answer. The one implementation behind
// GET /v1/funnel, which the CLI (`sluice funnel`) and the editor's Funnel view call.
import type { FunnelResponse, Plan } from '@sluice/schemas';
import { DEFAULT_STAGES } from '@sluice/schemas';
import { CRM_STAGES, DEFAULT_FUNNEL_SEQUENCE, DEFAULT_RECYCLED_STAGE, measureFunnel } from '@sluice/sdk';
import type { FunnelBy } from '@sluice/sdk';
import type { Registry } from '../registry/registry.js';
import type { Store } from '../store/store.js';
import type { Logger } from '../context.js';

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

/** The stage sequence and recycled stage the rule set's funnel follows: its plan's, else the defaults. */
async function basisOf(registry: Registry, id: string): Promise<{ sequence: string[]; recycledStage: string }> {
  const plan: Plan | undefined = (await registry.plan(id))?.plan;
  return { sequence: plan?.stages ?? [...DEFAULT_FUNNEL_SEQUENCE], recycledStage: plan?.recycledStage ?? DEFAULT_RECYCLED_STAGE };
}

/**
 * After a plan is saved or published, and at start for every rule set: works the rule set's
 * stage history out for its sequence in the background (seconds per million records; at once
 * when it is done already), so that the next funnel does not wait for it. A failure, or the
 * store closing at shutdown, is logged; the next funnel carries on from the last batch.
 */
export function prepareInBackground(store: Store, registry: Registry, ids: string[], log: Logger): void {
  void (async () => {
    for (const id of ids) {
      try {
        const b = await basisOf(registry, id);
        await store.prepareFunnel(id, b.sequence, b.recycledStage);
      } catch (e) {
        log('warn', 'working out the stage history for the funnel stopped; the next funnel carries on', { id, error: (e as Error).message ?? String(e) });
        return;
      }
    }
  })();
}

/**
 * Measures the funnel of [fromMs, toMs): conversions follow the plan's stage sequence when
 * the rule set has a plan, else DEFAULT_FUNNEL_SEQUENCE.
 *
 * @example
 * const f = await measure(store, registry, { ruleSetId: 'waterfall', fromMs, toMs, by: 'month' }, Date.now());
 */
export async function measure(store: Store, registry: Registry, q: FunnelRequest, now: number): Promise<FunnelResponse> {
  const { sequence, recycledStage } = await basisOf(registry, q.ruleSetId);
  const tallies = await store.funnelTallies({ ruleSetId: q.ruleSetId, fromMs: q.fromMs, toMs: q.toMs, sequence, recycledStage, now, ...(q.by ? { by: q.by } : {}) });
  const m = measureFunnel({ tallies, sequence, ...(q.by ? { by: q.by } : {}) });
  // Every version with its publish time, not only those in the window: the chart says which
  // versions it cannot place (published before Sluice recorded publish times).
  const published = (await registry.versions(q.ruleSetId)).map((v) => ({ version: v.version, publishedAt: v.publishedAt }));
  return {
    ruleSet: q.ruleSetId, from: new Date(q.fromMs).toISOString(), to: new Date(q.toMs).toISOString(), by: q.by ?? null, sequence: [...sequence], ...m, published,
  };
}
