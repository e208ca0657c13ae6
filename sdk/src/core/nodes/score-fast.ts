// A score node's total for evaluations without a trace, for servers scoring many leads: no
// contribution objects, attribute rules add their points directly, and the event rules share one
// walk over the events, indexed by event type, an event's decay factor computed once for all
// rules with the same half-life. Each rule's sum still adds its events in event order and the
// total adds the rules in rule order, so the result is the same bits as score.ts's rule-by-rule
// walk (which the trace and the browser bundles keep: score-fast.off.ts).
import type { AttributeRule, EventRule, ScoreRule } from '@sluice/schemas';
import { compileCondition, compileItemCondition } from '../condition.js';
import { DAY_MS, toEpochMs } from '../dates.js';
import { type DatedEvent, decayRate } from '../events.js';
import { sharedReads } from '../shared-reads.js';
import type { RunState } from '../state.js';
import type { Predicate } from '../types.js';
import { own, round2 } from '../util.js';

/** Whether this build sums fast (the browser bundles' score-fast.off.ts says false). */
export const FAST_SCORES = true;

interface Rule {
  where: Predicate | null;
  /** decayRate of the half-life; 0 without one (events count in full). */
  rate: number;
  /** The smaller of withinDays and a window decay's windowDays: older events do not count. */
  maxAge: number;
  points: number;
  cap: number | undefined;
}

const OP = Object.prototype;

/**
 * events.ts's datedEvents, the same list, read faster: `own` asks Object.hasOwn for `at` and
 * `type` of every event, a call that cost more than the rest of reading the event. An event
 * whose prototype is null, or Object.prototype while that has neither key (checked per event,
 * so a polluted prototype is seen at once), has a key as its own exactly when reading it gives
 * a value, and the plain read is enough; any other object is read through `own`.
 *
 * @example
 * datedEventsFast(s); // [{ ev, type: 'page_view', at: 1749650400000, raw: '2025-06-11T14:00:00.000Z' }]
 */
export function datedEventsFast(s: RunState): DatedEvent[] {
  if (s.dated) return s.dated;
  const out: DatedEvent[] = [];
  const nowMs = s.ctx.nowMs;
  const events = s.facts.events;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i];
    if (typeof ev !== 'object' || ev === null || Array.isArray(ev)) continue;
    const p: unknown = Object.getPrototypeOf(ev);
    const plain = p === null || (p === OP && !('at' in OP) && !('type' in OP));
    const raw = plain ? (ev as Record<string, unknown>).at : own(ev, 'at');
    const at = toEpochMs(raw);
    // Events dated after `now` have not happened yet as far as this evaluation knows.
    if (at !== undefined && at <= nowMs) out.push({ ev: ev as Record<string, unknown>, type: plain ? (ev as Record<string, unknown>).type : own(ev, 'type'), at, raw });
  }
  return (s.dated = out);
}

// Each event rule's points (rounded, capped; 0 when no event matched) into `out`, in rule order.
function eventPoints(rules: readonly EventRule[]): (s: RunState, out: number[]) => void {
  const compiled: Rule[] = rules.map((r) => ({
    where: r.event.where ? compileItemCondition(r.event.where) : null,
    rate: r.decay && 'halfLifeDays' in r.decay ? decayRate(r.decay.halfLifeDays) : 0,
    maxAge: Math.min(r.withinDays ?? Infinity, r.decay && 'windowDays' in r.decay ? r.decay.windowDays : Infinity),
    points: r.points,
    cap: r.cap,
  }));
  const byType = new Map<string, number[]>();
  const anyType: number[] = [];
  rules.forEach((r, j) => {
    const types = r.event.types && r.event.types.length > 0 ? new Set(r.event.types) : null;
    if (!types) return void anyType.push(j);
    for (const t of types) byType.set(t, [...(byType.get(t) ?? []), j]);
  });
  // Each type's rules followed by the rules for any type (a rule is one or the other): one list
  // per event; an event of another type (or none) meets the any-type rules alone.
  for (const [t, js] of byType) byType.set(t, [...js, ...anyType]);
  // Scratch space, reused: evaluation is synchronous and a node never runs inside itself.
  const sums = new Float64Array(rules.length);
  const counts = new Uint32Array(rules.length);
  return (s, out) => {
    sums.fill(0);
    counts.fill(0);
    const nowMs = s.ctx.nowMs;
    const dated = datedEventsFast(s);
    for (let e = 0; e < dated.length; e++) {
      const d = dated[e]!;
      const list = (typeof d.type === 'string' && byType.get(d.type)) || anyType;
      if (list.length === 0) continue;
      const age = (nowMs - d.at) / DAY_MS;
      let rate = 0;
      let factor = 1;
      for (let i = 0; i < list.length; i++) {
        const j = list[i]!;
        const r = compiled[j]!;
        if (age > r.maxAge || (r.where && !r.where(d.ev, s.ctx))) continue;
        if (r.rate === 0) sums[j] = sums[j]! + r.points;
        else {
          if (r.rate !== rate) {
            rate = r.rate;
            factor = Math.exp(age * rate);
          }
          sums[j] = sums[j]! + r.points * factor;
        }
        counts[j] = counts[j]! + 1;
      }
    }
    for (let j = 0; j < compiled.length; j++) {
      const cap = compiled[j]!.cap;
      const sum = sums[j]!;
      out[j] = counts[j] === 0 ? 0 : round2(cap === undefined ? sum : Math.max(-cap, Math.min(cap, sum)));
    }
  };
}

/**
 * The uncapped total of a score node's rules for one lead, without a trace. `slow(i)` gives rule
 * i's contribution the general way (aggregate rules take it).
 *
 * @example
 * const total = fastTotal(node.config.rules, (i, s) => rules[i](s)?.points ?? 0);
 */
export function fastTotal(rules: readonly ScoreRule[], slow: (i: number, s: RunState) => number): ((s: RunState) => number) | undefined {
  const events = rules.filter((r): r is EventRule => 'event' in r);
  const walk = events.length > 0 ? eventPoints(events) : undefined;
  const out: number[] = new Array(events.length).fill(0);
  // The attribute rules read each field once per lead (shared-reads.ts).
  const attributes = rules.filter((r): r is AttributeRule => 'when' in r);
  const shared = sharedReads(attributes.map((r) => r.when), compileCondition);
  // Each rule by kind in flat arrays, summed in one loop in rule order (the same additions as
  // one closure per rule, without a call per rule): 0 attribute, 1 event, 2 the general way.
  const kinds = new Uint8Array(rules.length);
  const holds: (Predicate | null)[] = [];
  const pts: number[] = [];
  const slots: number[] = [];
  let e = 0;
  let a = 0;
  rules.forEach((r, i) => {
    kinds[i] = 'when' in r ? 0 : 'event' in r ? 1 : 2;
    holds.push('when' in r ? (shared ? shared.holds[a++]! : compileCondition(r.when)) : null);
    pts.push('when' in r ? r.points : 0);
    slots.push('event' in r ? e++ : -1);
  });
  return (s) => {
    if (shared) shared.load(s.facts);
    if (walk) walk(s, out);
    const f = s.facts;
    const ctx = s.ctx;
    let total = 0;
    for (let i = 0; i < kinds.length; i++) {
      const k = kinds[i];
      total += k === 0 ? (holds[i]!(f, ctx) ? pts[i]! : 0) : k === 1 ? out[slots[i]!]! : slow(i, s);
    }
    return total;
  };
}
