// What every engine in the benchmark must produce for a lead, and the pieces they share.
import type { Sla } from '@sluice/schemas';
// The business-time helper of the engine: the hand-written functions and the other engines'
// wrappers call it for handoff due times, as an app would call a business-hours library.
import { computeDueAt } from '../../../sdk/src/core/time/index.js';

export const DAY = 86_400_000;

/** The decision every engine reports; compared field by field across engines. */
export interface Decision {
  stage: string;
  /** The outcome (or rejecting gate) node id, so that two SQL routes are told apart. */
  outcome: string;
  scores: Record<string, number>;
  grade?: string | null;
  /** SLA due time (epoch ms) for outcomes with a handoff SLA. */
  dueAt?: number;
}

export interface LeadInput {
  lead: Record<string, any>;
  events: { type: string; at: string; props?: Record<string, any> }[];
  account?: Record<string, any>;
}

/** Half away from zero to 2 decimals, as Sluice rounds each rule's contribution. */
export function round2(x: number): number {
  const r = Math.round(Math.abs(x) * 100 + 1e-9) / 100;
  return x < 0 ? -r : r;
}

export const capAbs = (x: number, cap: number) => Math.max(-cap, Math.min(cap, x));

const NY_HOLIDAYS = ['2025-01-01', '2025-01-20', '2025-05-26', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25', '2026-01-01', '2026-01-19', '2026-05-25', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25'];
const sla = (within: number, unit: Sla['unit']): Sla => ({ within, unit, timeZone: 'America/New_York', holidays: NY_HOLIDAYS });
/** The templates' handoff SLAs by outcome node id (examples/*.flow.json). */
export const SLAS: Record<string, Record<string, Sla>> = {
  'fit-engagement-decay': { sql: sla(4, 'businessHours'), mql: sla(2, 'businessDays') },
  'waterfall-6-layer': { handoffHot: sla(1, 'sameBusinessDay'), handoff: sla(2, 'businessDays') },
};

/** Adds the SLA due time a handoff outcome carries. */
export function withDue(template: string, d: Decision, nowMs: number): Decision {
  const s = SLAS[template]?.[d.outcome];
  if (s) d.dueAt = computeDueAt(nowMs, s);
  return d;
}
