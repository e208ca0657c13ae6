// Plan beside actual, per stage: what the Funnel view shows. Pure, so the gaps are tested
// without a browser.
import type { FunnelResponse, Plan } from '@sluice/schemas';
import { backCalculate } from '@sluice/sdk';

export interface CompareRow {
  stage: string;
  /** Leads the plan needs per period (null: not in the plan). */
  required: number | null;
  reached: number;
  recycled: number;
  planned: number | null;
  measured: number | null;
  medianDays: number | null;
  plannedDays: number | null;
  /** Below plan: fewer reached than required, or a lower conversion than planned. */
  gap: boolean;
}

/** One row per stage of the funnel, the plan's figures beside the measured ones. */
export function compare(f: FunnelResponse, plan: Plan | null): CompareRow[] {
  const planned = new Map((plan ? backCalculate(plan) : []).map((p) => [p.stage, p]));
  return f.stages.map((s) => {
    const p = planned.get(s.stage);
    const lowRate = p?.conversion != null && s.conversion !== null && s.conversion < p.conversion;
    const lowCount = p !== undefined && s.reached < p.required;
    return {
      stage: s.stage, required: p?.required ?? null, reached: s.reached, recycled: s.recycled, planned: p?.conversion ?? null, measured: s.conversion,
      medianDays: s.medianDaysToNext, plannedDays: p?.days ?? null, gap: lowRate || lowCount,
    };
  });
}

/**
 * The first and last day of the period containing `now` (UTC), as ISO dates: GET /v1/funnel
 * takes a plain `to` date as the end of that day, so the last day, not the next period's first.
 */
export function currentPeriod(now: Date, period: 'month' | 'quarter'): { from: string; to: string } {
  const y = now.getUTCFullYear();
  const m = period === 'month' ? now.getUTCMonth() : Math.floor(now.getUTCMonth() / 3) * 3;
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { from: iso(new Date(Date.UTC(y, m, 1))), to: iso(new Date(Date.UTC(y, m + (period === 'month' ? 1 : 3), 0))) };
}
