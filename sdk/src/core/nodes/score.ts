import type { AggregateRule, AttributeRule, Contribution, EventRule, RuleScoreNode, ScoreConfig, ScoreRule } from '@sluice/schemas';
import { compileCondition, compileItemCondition } from '../condition.js';
import { DAY_MS } from '../dates.js';
import { datedEvents, decayRate } from '../events.js';
import { parseRef, readRef } from '../ref.js';
import type { RunState } from '../state.js';
import { isObject, own, round2 } from '../util.js';
import { FAST_SCORES, fastTotal } from './score-fast.js';
import { defineKind, type NodeRun, type NodeSpec } from './spec.js';
import { TRACE } from '../trace.js';

type RuleRun = (s: RunState) => Contribution | null;

/** Evaluation's part of the score kind. */
export const scoreRun: NodeRun<ScoreConfig> = {
  ports: () => ['next'],
  build(node: RuleScoreNode, env) {
    const name = node.config.score;
    const bounds = env.bounds[name] ?? {};
    const rules = node.config.rules.map((r) => compileRule(name, r));
    // Without a trace only the sum matters (score-fast.ts; the browser bundles sum rule by rule).
    const fast = FAST_SCORES && fastTotal(node.config.rules, (i, s) => rules[i]!(s)?.points ?? 0);
    const lo = node.config.cap?.min ?? -Infinity;
    const hi = node.config.cap?.max ?? Infinity;
    return (s) => {
      let total = 0;
      const contributions: Contribution[] = [];
      if (fast && !(TRACE && s.tracing)) total = fast(s);
      else {
        for (const rule of rules) {
          const c = rule(s);
          if (!c) continue;
          total += c.points;
          // Read only by the trace (the script tag's bundles have none).
          if (TRACE) contributions.push(c);
        }
      }
      const capped = Math.min(hi, Math.max(lo, total));
      const next = round2((s.facts.scores[name] ?? 0) + capped);
      s.facts.scores[name] = Math.min(bounds.max ?? Infinity, Math.max(bounds.min ?? -Infinity, next));
      if (TRACE && s.tracing) {
        s.step.summary = `${signed(round2(capped))} ${name}${capped !== total ? ` (capped from ${signed(round2(total))})` : ''}`;
        s.step.contributions = contributions;
      }
      return 'next';
    };
  },
};

/** Adds points to a named score from attribute, event and account-aggregate rules. */
export const score: NodeSpec<ScoreConfig> = /* @__PURE__ */ defineKind(scoreRun, {
  kind: 'score',
  defines: (config) => ({ scores: [config.score] }),
  check(config, c, pointer) {
    return config.rules.flatMap((r, i) => {
      const p = `${pointer}/rules/${i}`;
      if ('when' in r) return c.condition(r.when, `${p}/when`);
      if ('event' in r) return r.event.where ? c.itemCondition(r.event.where, `${p}/event/where`) : [];
      const issues = c.field(r.aggregate.path, `${p}/aggregate/path`);
      if (r.aggregate.fn !== 'count' && !r.aggregate.field) {
        issues.push({ path: `${p}/aggregate/field`, message: `is required for ${r.aggregate.fn}` });
      }
      if (r.aggregate.where) issues.push(...c.itemCondition(r.aggregate.where, `${p}/aggregate/where`));
      return issues;
    });
  },
});

function signed(n: number): string {
  return n >= 0 ? `+${n}` : String(n);
}

function capAbs(x: number, cap: number | undefined): number {
  return cap === undefined ? x : Math.max(-cap, Math.min(cap, x));
}

function compileRule(score: string, r: ScoreRule): RuleRun {
  if ('when' in r) return attributeRule(score, r);
  if ('event' in r) return eventRule(score, r);
  return aggregateRule(score, r);
}

function attributeRule(score: string, r: AttributeRule): RuleRun {
  const holds = compileCondition(r.when);
  return (s) => (holds(s.facts, s.ctx) && r.points !== 0 ? { score, points: r.points, label: r.label } : null);
}

function eventRule(score: string, r: EventRule): RuleRun {
  const types = r.event.types && r.event.types.length > 0 ? new Set(r.event.types) : null;
  const where = r.event.where ? compileItemCondition(r.event.where) : null;
  // 0 without a half-life: Math.exp(0) is 1, every event counts in full.
  const rate = r.decay && 'halfLifeDays' in r.decay ? decayRate(r.decay.halfLifeDays) : 0;
  // Older events do not count: the smaller of withinDays and a window decay's windowDays.
  const maxAge = Math.min(r.withinDays ?? Infinity, r.decay && 'windowDays' in r.decay ? r.decay.windowDays : Infinity);
  const what = types ? [...types].join('|') : 'events';
  return (s) => {
    let sum = 0;
    let n = 0;
    let decayed = false;
    for (const { ev, type, at } of datedEvents(s)) {
      if (types && (typeof type !== 'string' || !types.has(type))) continue;
      const age = (s.ctx.nowMs - at) / DAY_MS;
      if (age > maxAge) continue;
      if (where && !where(ev, s.ctx)) continue;
      const factor = Math.exp(age * rate);
      if (TRACE && factor < 1) decayed = true;
      sum += r.points * factor;
      n++;
    }
    const points = round2(capAbs(sum, r.cap));
    if (n === 0 || points === 0) return null;
    if (!TRACE || !s.tracing) return { score, points, label: r.label };
    const detail = `${what} ×${n}${decayed ? ', decayed' : ''}${r.cap !== undefined && Math.abs(sum) > r.cap ? ', capped' : ''}`;
    return { score, points, label: r.label, detail };
  };
}

function aggregateRule(score: string, r: AggregateRule): RuleRun {
  const ref = parseRef(r.aggregate.path);
  const where = r.aggregate.where ? compileItemCondition(r.aggregate.where) : null;
  const { fn, field } = r.aggregate;
  return (s) => {
    const list = ref ? readRef(s.facts, ref) : undefined;
    if (!Array.isArray(list)) return null;
    const items = list.filter((it) => (where ? isObject(it) && where(it, s.ctx) : true));
    let value = 0;
    if (fn === 'count') value = items.length;
    else if (fn === 'distinct') {
      const seen = new Set<unknown>();
      for (const it of items) {
        const v = own(it, field ?? '');
        // Compared like distinctCount compares (===): one rule for "distinct" everywhere.
        if (v !== undefined && v !== null) seen.add(v);
      }
      value = seen.size;
    } else {
      const nums = items.map((it) => own(it, field ?? '')).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      // reduce, not Math.max(...nums): spreading a very long list overflows the stack.
      const pick = fn === 'sum' ? (a: number, b: number) => a + b : fn === 'max' ? Math.max : Math.min;
      value = nums.length === 0 ? 0 : nums.reduce((a, b) => pick(a, b));
    }
    const points = round2(capAbs(value * r.points, r.cap));
    if (points === 0) return null;
    // Contributions are read only in traces: the detail text is built only for one.
    if (!TRACE || !s.tracing) return { score, points, label: r.label };
    return { score, points, label: r.label, detail: `${fn}${field ? ` of ${field}` : ''} = ${round2(value)}` };
  };
}
