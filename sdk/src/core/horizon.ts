// How far back a rule set can see a lead's events, read from the rule set itself, so that a
// store reads only those events: a lead with years of history costs what a new one costs.
import type { RuleSet } from '@sluice/schemas';
import { TOUCHPOINTS } from './nodes/outcome.js';
import { isObject } from './util.js';

/**
 * What a rule set can see of a lead's events, relative to `now`.
 * - `days`: events dated more than this many days before `now` cannot change the result
 *   (null: any event can, e.g. a count without `withinDays` or an expression over `events`).
 * - `newest`: the newest this-many events dated at or before `now` are needed whatever their
 *   age (a handoff's `events` touchpoints).
 */
export interface EventHorizon {
  days: number | null;
  newest: number;
}

/**
 * A half-life never reaches zero, so a decaying rule gets a horizon where all the events a
 * lead can have scored (`maxEvents`) together add less than this many points: results can
 * differ from scoring every event only when a score sits within it of a rounding half-step.
 */
export const DECAY_TOLERANCE = 1e-4;

/** Keys whose strings are prose or identifiers, never read by evaluation as a fact. */
const TEXT_KEYS = new Set(['$schema', 'id', 'label', 'description', 'name', 'reason', 'summary', 'detail', 'note', 'notes', 'title', 'tags', 'team', 'position', 'edges', 'webhooks', 'types']);
const MENTIONS_EVENTS = /\bevents\b/;

/**
 * The event horizon of a rule set (see EventHorizon). Conservative: any mention of the
 * lead's `events` it cannot bound (a condition, an aggregate path, an expression) makes
 * `days` null, which only costs reading more.
 *
 * @example
 * eventHorizon(ruleSet, { maxEvents: 1000 }); // { days: 2912.6, newest: 0 } for a 90-day half-life
 */
export function eventHorizon(ruleSet: RuleSet, opts: { maxEvents: number }): EventHorizon {
  let days: number | null = 0;
  let newest = 0;
  const bound = (d: number | null) => {
    days = days === null || d === null ? null : Math.max(days, d);
  };
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (MENTIONS_EVENTS.test(v)) bound(null);
      return;
    }
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (!isObject(v)) return;
    if (isObject(v.event) && typeof v.points === 'number') {
      // A score node's event rule: reads events through its window or decay.
      bound(eventRuleDays(v, v.points, opts.maxEvents));
      walk(v.event.where);
      return;
    }
    if (v.fact === 'events' && v.operator === 'count' && v.path === undefined && isObject(v.value)) {
      // Counting events dated within the last N days (by their own `at`).
      const { withinDays, dateField, where } = v.value;
      bound(typeof withinDays === 'number' && (dateField === undefined || dateField === 'at') ? withinDays : null);
      walk(where);
      return;
    }
    if (v.from === 'events' && typeof v.name === 'string') {
      // A handoff's context field: the newest touchpoints, however old.
      newest = Math.max(newest, TOUCHPOINTS);
      return;
    }
    for (const [k, x] of Object.entries(v)) if (!TEXT_KEYS.has(k)) walk(x);
  };
  walk(ruleSet.nodes);
  return { days, newest };
}

function eventRuleDays(r: Record<string, unknown>, points: number, maxEvents: number): number | null {
  if (points === 0) return 0;
  const within = typeof r.withinDays === 'number' ? r.withinDays : Infinity;
  const decay = isObject(r.decay) ? r.decay : {};
  const window = typeof decay.windowDays === 'number' ? decay.windowDays : Infinity;
  // |points| × maxEvents × 0.5^(age / halfLife) < tolerance
  const half = typeof decay.halfLifeDays === 'number' && decay.halfLifeDays > 0
    ? decay.halfLifeDays * Math.log2(Math.max(1, (Math.abs(points) * Math.max(1, maxEvents)) / DECAY_TOLERANCE))
    : Infinity;
  const days = Math.min(within, window, half);
  return Number.isFinite(days) ? Math.max(0, days) : null;
}

/** The horizon of several rule sets read together: the widest of each. */
export function widestHorizon(hs: EventHorizon[]): EventHorizon {
  let days: number | null = 0;
  let newest = 0;
  for (const h of hs) {
    days = days === null || h.days === null ? null : Math.max(days, h.days);
    newest = Math.max(newest, h.newest);
  }
  return { days, newest };
}
