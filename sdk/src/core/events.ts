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
