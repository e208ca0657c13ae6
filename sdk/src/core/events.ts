import { toEpochMs } from './dates.js';
import type { RunState } from './state.js';
import { isObject, own } from './util.js';

/** An event that has happened by `now`, with its time read once. */
export interface DatedEvent {
  ev: Record<string, unknown>;
  type: unknown;
  at: number;
  /** The date as the event gave it (touchpoints reuse a toISOString-shaped one). */
  raw: unknown;
}

/**
 * The lead's events that are objects dated at or before `now`, parsed once per evaluation
 * and shared by every event rule and the handoff's touchpoints: reading dates was most of
 * the cost of scoring a lead with several event rules.
 */
export function datedEvents(s: RunState): DatedEvent[] {
  if (s.dated) return s.dated;
  const out: DatedEvent[] = [];
  for (const ev of s.facts.events) {
    if (!isObject(ev)) continue;
    const raw = own(ev, 'at');
    const at = toEpochMs(raw);
    // Events dated after `now` have not happened yet as far as this evaluation knows.
    if (at !== undefined && at <= s.ctx.nowMs) out.push({ ev, type: own(ev, 'type'), at, raw });
  }
  return (s.dated = out);
}

/**
 * The constant of a half-life decay: an event `age` days old counts `Math.exp(age * rate)`, which
 * is 0.5^(age / halfLifeDays) to within a few units in the last place (the rounding of points to
 * cents hides them). Made once per rule, it turns a power per event (the costly part of scoring a
 * lead's events) into a product and an exponential; the traced and untraced sums both use it, so
 * they agree to the bit.
 *
 * @example
 * Math.exp(45 * decayRate(90)); // ≈ 0.7071, half-way to half
 */
export function decayRate(halfLifeDays: number): number {
  return -Math.LN2 / halfLifeDays;
}
