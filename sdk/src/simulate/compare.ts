// Compares two rule sets on one data set: where each lead ends before and after, as a stage
// transition matrix, plus the leads that move with the score rules whose points changed.
// One implementation behind `sluice impact` and the editor's "Compare with published".
import type { ComparisonReport, EvaluationResult, RuleSet } from '@sluice/schemas';
import { toEpochMs } from '../core/dates.js';
import { programOf } from '../core/program.js';
import { isObject, own, round2 } from '../core/util.js';
import { ErrorLog, evaluateInput, type SimulateOptions } from './simulate.js';

export interface Comparison {
  /**
   * Evaluates one input with both rule sets. Never throws: a bad input is counted as an error.
   * `row`: where the input came from in its data set (1-based), repeated in moved leads and errors.
   */
  add(input: unknown, row?: number): void;
  report(): ComparisonReport;
}

type Moved = ComparisonReport['moved'][number];

/** Moved leads kept per from → to pair unless `opts.sample` says otherwise. */
const DEFAULT_MOVED = 10;

/**
 * Starts a comparison of two rule sets (usually two versions of one) over inputs added one by one.
 *
 * @example
 * const cmp = createComparison(published, draft, { now: '2026-11-23T10:00:00Z' });
 * for (const input of inputs) cmp.add(input);
 * cmp.report().matrix.MQL?.Nurture; // leads that were MQL and become Nurture
 * @throws {RuleSetError} when either rule set is malformed.
 */
export function createComparison(oldRuleSet: RuleSet, newRuleSet: RuleSet, opts: SimulateOptions): Comparison {
  if (toEpochMs(opts?.now) === undefined) throw new TypeError('compare: opts.now must be an ISO-8601 date-time or epoch milliseconds');
  programOf(oldRuleSet);
  programOf(newRuleSet);
  const perPair = Math.max(0, Math.floor(opts.sample ?? DEFAULT_MOVED));
  const errors = new ErrorLog();
  const matrix = new Map<string, Map<string, number>>();
  const moved: Moved[] = [];
  const keptPerPair = new Map<string, number>();
  let leads = 0;
  let changed = 0;
  let index = 0;
  return {
    add(input, row) {
      const i = index++;
      const a = evaluateInput(oldRuleSet, input, opts.now, false);
      const b = typeof a === 'string' ? a : evaluateInput(newRuleSet, input, opts.now, false);
      if (typeof a === 'string' || typeof b === 'string') return errors.add(i, (typeof a === 'string' ? a : b) as string, row);
      leads++;
      const from = a.outcome.stage;
      const to = b.outcome.stage;
      let cells = matrix.get(from);
      if (!cells) matrix.set(from, (cells = new Map()));
      cells.set(to, (cells.get(to) ?? 0) + 1);
      if (from === to) return;
      changed++;
      const pair = `${from}\u0000${to}`;
      const kept = keptPerPair.get(pair) ?? 0;
      if (kept >= perPair) return;
      keptPerPair.set(pair, kept + 1);
      // Only a kept lead is evaluated again, with traces, to name the rules that moved it.
      const ta = evaluateInput(oldRuleSet, input, opts.now, true) as EvaluationResult;
      const tb = evaluateInput(newRuleSet, input, opts.now, true) as EvaluationResult;
      const m: Moved = { index: i, ...(row === undefined ? {} : { row }), from, to, fromNode: a.outcome.nodeId, toNode: b.outcome.nodeId, rules: changedRules(ta, tb) };
      const id = inputId(input);
      if (id !== undefined) m.id = id;
      moved.push(m);
    },
    report: () => ({
      leads,
      changed,
      matrix: Object.fromEntries([...matrix].map(([from, row]) => [from, Object.fromEntries(row)])),
      moved: moved.map((m) => ({ ...m, rules: m.rules.map((r) => ({ ...r })) })),
      errors: errors.report(),
    }),
  };
}

/**
 * Compares two rule sets over a whole data set.
 *
 * @example
 * const r = compare(v3, draft, inputs, { now: '2026-11-23T10:00:00Z' });
 * `${r.changed} of ${r.leads} leads change stage`;
 * @throws {RuleSetError} when either rule set is malformed.
 */
export function compare(oldRuleSet: RuleSet, newRuleSet: RuleSet, inputs: Iterable<unknown>, opts: SimulateOptions): ComparisonReport {
  const cmp = createComparison(oldRuleSet, newRuleSet, opts);
  for (const input of inputs) cmp.add(input);
  return cmp.report();
}

/** Points per (score, rule label) in a traced result. */
function pointsByRule(r: EvaluationResult): Map<string, { score: string; label: string; points: number }> {
  const out = new Map<string, { score: string; label: string; points: number }>();
  for (const step of r.trace ?? []) {
    for (const c of step.contributions ?? []) {
      const key = `${c.score}\u0000${c.label}`;
      const prev = out.get(key);
      if (prev) prev.points += c.points;
      else out.set(key, { score: c.score, label: c.label, points: c.points });
    }
  }
  return out;
}

/** The score rules whose points differ between two traced results, in the order they ran. */
function changedRules(a: EvaluationResult, b: EvaluationResult): Moved['rules'] {
  const before = pointsByRule(a);
  const after = pointsByRule(b);
  const out: Moved['rules'] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const x = before.get(key);
    const y = after.get(key);
    const p = x?.points ?? 0;
    const q = y?.points ?? 0;
    if (Math.abs(p - q) > 1e-9) out.push({ score: (x ?? y)!.score, label: (x ?? y)!.label, before: round2(p), after: round2(q) });
  }
  return out;
}

/** The input's own id, else its lead's id or email: how people find a lead again. */
export function inputId(input: unknown): string | undefined {
  const lead = own(input, 'lead');
  for (const v of [own(input, 'id'), own(input, 'leadId'), isObject(lead) ? own(lead, 'id') : undefined, isObject(lead) ? own(lead, 'email') : undefined]) {
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return undefined;
}
