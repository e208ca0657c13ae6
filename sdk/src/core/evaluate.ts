import type { EvaluationInput, EvaluationResult, RuleSet, TraceStep } from '@sluice/schemas';
import { MAX_START_MS, MIN_START_MS } from './dates.js';
import { cachedNow } from './dates-fast.js';
import { programOf } from './program.js';
import type { RunState } from './state.js';
import { toIso } from './time/index.js';
import { copyJson, isObject, own } from './util.js';
import { TRACE } from './trace.js';


const NO_STEP: RunState['step'] = {};

export interface EvaluateOptions {
  /** The evaluation time: ISO-8601 string or epoch milliseconds. The engine has no clock. */
  now: string | number;
  /** Record the path node by node with each rule's contribution (default false). */
  trace?: boolean;
}

/**
 * Scores one lead: walks the rule set from its start node to an outcome. Pure and
 * synchronous; the same input gives the same output byte for byte. Never throws on lead
 * data: missing fields are `undefined`, wrong types fail the comparisons that need them.
 *
 * @example
 * const result = evaluate(ruleSet, { lead: { title: 'VP Sales' }, events: [] }, { now: '2026-11-23T10:00:00Z' });
 * result.outcome.stage; // 'MQL'
 * @throws {RuleSetError} when the rule set itself is malformed (load it with `loadRuleSet` first).
 * @throws {TypeError} when `opts.now` is not a date.
 */
export function evaluate(ruleSet: RuleSet, input: EvaluationInput, opts: EvaluateOptions): EvaluationResult {
  const nowMs = cachedNow(opts?.now);
  if (nowMs === undefined || nowMs < MIN_START_MS || nowMs > MAX_START_MS) {
    throw new TypeError('evaluate: opts.now must be an ISO-8601 date-time or epoch milliseconds between the years 1000 and 9000');
  }
  const p = programOf(ruleSet);
  const rs = p.ruleSet;
  const inp = isObject(input) ? input : {};
  const lead = own(inp, 'lead');
  const events = own(inp, 'events');
  const account = own(inp, 'account');
  // Plain objects, not null-prototype ones (which V8 keeps in slow dictionary mode): their keys
  // are score and variable names from the rule set, and compile refuses __proto__ & co.
  const scores: Record<string, number> = {};
  for (const name of p.scoreNames) scores[name] = 0;
  const facts: RunState['facts'] = {
    lead: isObject(lead) ? lead : {},
    account: isObject(account) ? account : undefined,
    events: Array.isArray(events) ? events : [],
    scores,
    vars: {},
  };
  const s: RunState = {
    facts,
    ctx: { nowMs, facts },
    checklists: {},
    rejected: null,
    outcome: null,
    // Written only when tracing, which gives each node a fresh one.
    step: NO_STEP,
    tracing: TRACE && opts.trace === true,
  };
  const path: string[] = [];
  const trace: TraceStep[] | undefined = TRACE && s.tracing ? [] : undefined;
  let id: string | undefined = p.entry;
  // A compiled rule set is acyclic; the bound keeps a hand-made one from spinning.
  for (let guard = 0; id !== undefined && guard <= p.steps.size; guard++) {
    const st = p.steps.get(id);
    if (!st) break;
    if (trace) s.step = {};
    const port = st.run(s);
    path.push(id);
    if (trace) trace.push(traceStep(st.node.id, st.node.kind, st.node.label, port, s.step));
    if (port === undefined) break;
    const target: string | undefined = st.next[port];
    if (target === undefined) {
      // An unconnected reject port ends the flow: rejected with the gate's reason.
      s.outcome = { nodeId: id, stage: rs.rejectStage, ...(s.rejected ? { reason: s.rejected.reason } : {}), actions: { tags: [] } };
      break;
    }
    id = target;
  }
  const gradeVal = s.facts.vars[rs.gradeVar];
  const result: EvaluationResult = {
    schemaVersion: 1,
    ruleSet: { id: rs.id, version: rs.version, hash: rs.hash },
    now: toIso(nowMs),
    outcome: s.outcome ?? { nodeId: path[path.length - 1] ?? rs.entry, stage: rs.rejectStage, reason: 'no_outcome', actions: { tags: [] } },
    // The evaluation's own object, made above for this lead alone: no copy needed.
    scores,
    grade: typeof gradeVal === 'string' ? gradeVal : typeof gradeVal === 'number' ? String(gradeVal) : null,
    vars: copyJson(s.facts.vars, 1000) as Record<string, unknown>,
    rejected: s.rejected,
    checklists: s.checklists,
    path,
  };
  if (trace) result.trace = trace;
  return result;
}

function traceStep(nodeId: string, kind: TraceStep['kind'], label: string | undefined, port: string | undefined, step: RunState['step']): TraceStep {
  const t: TraceStep = { nodeId, kind, summary: step.summary ?? '' };
  if (label !== undefined) t.label = label;
  if (port !== undefined) t.port = port;
  if (step.contributions) t.contributions = step.contributions;
  if (step.values) t.values = step.values;
  if (step.passed) t.passed = step.passed;
  if (step.failed) t.failed = step.failed;
  return t;
}
