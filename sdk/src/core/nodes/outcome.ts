import type { Actions, OutcomeConfig, RuleOutcomeNode } from '@sluice/schemas';
import { MAX_START_MS, MIN_START_MS, toEpochMs } from '../dates.js';
import { lastByNow } from '../dates-fast.js';
import { datedEvents } from '../events.js';
import { parseRef, readRef } from '../ref.js';
import type { RunState } from '../state.js';
import { addCalendar, computeDueAt, toIso } from '../time/index.js';
import { copyJson, isObject, own } from '../util.js';
import { defineKind, type NodeRun, type NodeSpec } from './spec.js';
import { TRACE } from '../trace.js';

/** How many recent touchpoints a handoff carries when its context asks for `events`. */
export const TOUCHPOINTS = 10;

/** Evaluation's part of the outcome kind. */
export const outcomeRun: NodeRun<OutcomeConfig> = {
  ports: () => [],
  build(node: RuleOutcomeNode) {
    const cfg = node.config;
    const context = (cfg.handoff?.context ?? []).map((f) => ({ name: f.name, from: f.from, ref: parseRef(f.from) }));
    // The re-approach date counts from a date of the lead when the rule set says so (stable
    // across re-scoring), else from now; a missing or far-off date falls back to now, so the
    // result is always a valid date.
    const fromRef = cfg.recycle?.after.from === undefined ? null : parseRef(cfg.recycle.after.from);
    const recycleStart = (s: RunState): number => {
      const t = fromRef ? toEpochMs(readRef(s.facts, fromRef)) : undefined;
      return t !== undefined && t >= MIN_START_MS && t <= MAX_START_MS ? t : s.ctx.nowMs;
    };
    // The SLA due time depends on now alone: kept per now on servers (dates-fast.ts).
    const dueAt = lastByNow((nowMs) => {
      const due = computeDueAt(nowMs, cfg.handoff!.sla!);
      return due === undefined ? due : toIso(due);
    });
    return (s) => {
      const actions: Actions = { tags: cfg.tags ? [...cfg.tags] : [] };
      if (cfg.handoff) {
        const h = cfg.handoff;
        const ctx: Record<string, unknown> = {};
        for (const f of context) {
          const v = f.from === 'events' ? touchpoints(s) : f.ref ? copyJson(readRef(s.facts, f.ref)) : undefined;
          ctx[f.name] = v === undefined ? null : v;
        }
        const handoff: NonNullable<Actions['handoff']> = { context: ctx };
        if (h.team !== undefined) handoff.team = h.team;
        // The due time, not the SLA settings: those are in the rule set the result names.
        if (h.sla) {
          const due = dueAt(s.ctx.nowMs);
          if (due !== undefined) handoff.dueAt = due;
        }
        if (h.cautions) handoff.cautions = [...h.cautions];
        actions.handoff = handoff;
      }
      if (cfg.nurture) actions.nurture = { track: cfg.nurture.track };
      if (cfg.recycle) {
        const reapproachAt = toIso(addCalendar(recycleStart(s), cfg.recycle.after));
        actions.recycle = cfg.recycle.track === undefined ? { reapproachAt } : { track: cfg.recycle.track, reapproachAt };
      }
      // Keys in reading order: results are compared and diffed as text.
      s.outcome = {
        nodeId: node.id,
        ...(node.label !== undefined ? { label: node.label } : {}),
        stage: cfg.stage,
        ...(cfg.reason !== undefined ? { reason: cfg.reason } : {}),
        actions,
      };
      if (TRACE && s.tracing) s.step.summary = `stage ${cfg.stage}`;
      return undefined;
    };
  },
};

/** Terminal: the stage, and what happens next (handoff with SLA, nurture, recycle, tags). */
export const outcome: NodeSpec<OutcomeConfig> = /* @__PURE__ */ defineKind(outcomeRun, {
  kind: 'outcome',
  check(config, c, pointer) {
    const issues = [];
    if (!c.stages.includes(config.stage)) {
      issues.push({ path: `${pointer}/stage`, message: `${config.stage} is not one of the rule set's stages (${c.stages.join(', ')})` });
    }
    const h = config.handoff;
    if (h?.sla) issues.push(...c.sla(h.sla, `${pointer}/handoff/sla`));
    h?.context?.forEach((f, i) => {
      if (f.from !== 'events') issues.push(...c.field(f.from, `${pointer}/handoff/context/${i}/from`));
    });
    const from = config.recycle?.after.from;
    if (from !== undefined) issues.push(...c.field(from, `${pointer}/recycle/after/from`, 'date'));
    return issues;
  },
});

/** The latest events, newest first: the touchpoint history sales asks for. */
function touchpoints(s: RunState): unknown[] {
  // A stable sort of a copy: events with the same time keep their input order.
  const dated = [...datedEvents(s)].sort((a, b) => b.at - a.at);
  return dated.slice(0, TOUCHPOINTS).map(({ at, ev, type, raw }) => {
    // Already in toISOString's form (most are): reuse the string instead of formatting anew.
    // A date that read as `at` with T at 10 and its Z at 23 (so 24 characters) can only be that
    // form (not `2025-06-10T10:20:30+0100`, not a space or a lower-case t for the T).
    const iso = typeof raw === 'string' && raw[10] === 'T' && raw[23] === 'Z' ? raw : new Date(at).toISOString();
    const t: Record<string, unknown> = { type: type ?? null, at: iso };
    const props = own(ev, 'props');
    if (isObject(props)) t.props = copyJson(props);
    return t;
  });
}
