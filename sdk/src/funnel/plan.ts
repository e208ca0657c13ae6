// The plan worked backwards: from a target for the last stage, each earlier stage needs
// target / conversion leads, rounded up at every step (62.5 MQL → 63), because a fraction
// of a lead cannot be worked and rounding down would miss the target.
import type { Issue, Plan } from '@sluice/schemas';
import { migrate, toIssues } from '@sluice/schemas';
import { validatePlan } from '@sluice/schemas/validators';

export type PlanLoadResult = { ok: true; plan: Plan } | { ok: false; errors: Issue[] };

/** One stage of a worked-back plan. */
export interface PlannedStage {
  stage: string;
  /** Leads that must reach this stage per period (rounded up). */
  required: number;
  /** `required` per month (a quarter's, divided by 3 and rounded up); equals `required` for a monthly plan. */
  perMonth: number;
  /** Planned conversion to the next stage (null for the last). */
  conversion: number | null;
  /** Planned days to the next stage (null for the last). */
  days: number | null;
  /** Planned days from the first stage to this one. */
  daysFromStart: number;
}

/**
 * Validates a plan document (`<id>.plan.json`): the schema (rates above 0 and at most 1,
 * days, target), then the sequence: no stage twice, one step for each pair of consecutive
 * stages and no other (a step naming a stage not in `stages` is refused, naming the field).
 * `knownStages`, when given, are the stages the rule set and the CRM can record: a plan
 * stage outside them is refused too.
 *
 * @example
 * const r = loadPlan(JSON.parse(text), ['Lead', 'MQL', 'SQL', 'Meeting', 'Won']);
 * if (!r.ok) console.error(r.errors); // [{ path: '/steps/1/conversion', message: 'must be <= 1' }]
 */
export function loadPlan(doc: unknown, knownStages?: readonly string[]): PlanLoadResult {
  const m = migrate('plan', doc);
  if (!m.ok) return { ok: false, errors: m.issues };
  if (!validatePlan(m.doc)) return { ok: false, errors: toIssues(validatePlan.errors, m.doc) };
  const plan = m.doc as Plan;
  const errors: Issue[] = [];
  const known = knownStages ? new Set(knownStages) : null;
  plan.stages.forEach((s, i) => {
    if (plan.stages.indexOf(s) !== i) errors.push({ path: `/stages/${i}`, message: `"${s}" is already stage ${plan.stages.indexOf(s)}: a stage appears once` });
    else if (known && !known.has(s)) errors.push({ path: `/stages/${i}`, message: `unknown stage "${s}": not a stage of the rule set nor a CRM stage (${[...known].join(', ')})` });
  });
  const seen = new Set<number>();
  plan.steps.forEach((st, i) => {
    const from = plan.stages.indexOf(st.from);
    const to = plan.stages.indexOf(st.to);
    if (from < 0) errors.push({ path: `/steps/${i}/from`, message: `unknown stage "${st.from}": not in /stages` });
    if (to < 0) errors.push({ path: `/steps/${i}/to`, message: `unknown stage "${st.to}": not in /stages` });
    if (from < 0 || to < 0) return;
    if (to !== from + 1) errors.push({ path: `/steps/${i}/to`, message: `must be "${plan.stages[from + 1] ?? '(none)'}", the stage after "${st.from}"` });
    else if (seen.has(from)) errors.push({ path: `/steps/${i}`, message: `a second step from "${st.from}"` });
    else seen.add(from);
  });
  for (let i = 0; i < plan.stages.length - 1; i++) {
    if (!seen.has(i)) errors.push({ path: '/steps', message: `no step from "${plan.stages[i]}" to "${plan.stages[i + 1]}"` });
  }
  return errors.length ? { ok: false, errors } : { ok: true, plan };
}

/** x rounded up, ignoring floating-point dust (6 / 0.3 is 20.000000000000004, which is 20). */
const ceil = (x: number) => Math.ceil(Math.round(x * 1e6) / 1e6);

/**
 * Works a valid plan backwards from its target: leads required at every stage per period.
 *
 * @example
 * backCalculate(plan).map((s) => `${s.stage} ${s.required}`)
 * // ['Lead 420', 'MQL 63', 'SQL 25', 'Meeting 20', 'Won 6'] for 6 wins a quarter at 15 %, 40 %, 80 %, 30 %
 */
export function backCalculate(plan: Plan): PlannedStage[] {
  const step = new Map(plan.steps.map((s) => [s.from, s]));
  const out: PlannedStage[] = [];
  let required = plan.target;
  for (let i = plan.stages.length - 1; i >= 0; i--) {
    const stage = plan.stages[i] as string;
    const s = step.get(stage);
    if (i < plan.stages.length - 1 && s) required = ceil(required / s.conversion);
    out.unshift({ stage, required, perMonth: plan.period === 'quarter' ? ceil(required / 3) : required, conversion: s?.conversion ?? null, days: s?.days ?? null, daysFromStart: 0 });
  }
  let days = 0;
  for (const p of out) {
    p.daysFromStart = days;
    days += p.days ?? 0;
  }
  return out;
}

/** The plan as text, one line per stage (what `sluice plan` prints). */
export function formatPlan(plan: Plan): string {
  const rows = backCalculate(plan);
  const w = Math.max(5, ...rows.map((r) => r.stage.length));
  const per = plan.period === 'quarter' ? 'quarter' : 'month';
  const lines = [`${plan.name ?? plan.ruleSet}: ${plan.target} ${plan.stages[plan.stages.length - 1]} a ${per}`, ''];
  lines.push(`${'stage'.padEnd(w)}  ${`per ${per}`.padStart(11)}${plan.period === 'quarter' ? '  per month' : ''}  to next  days  day`);
  for (const r of rows) {
    const rate = r.conversion === null ? '' : `${+(r.conversion * 100).toFixed(1)} %`;
    lines.push(
      `${r.stage.padEnd(w)}  ${String(r.required).padStart(11)}${plan.period === 'quarter' ? String(r.perMonth).padStart(11) : ''}  ${rate.padStart(7)}  ${(r.days === null ? '' : String(r.days)).padStart(4)}  ${String(r.daysFromStart).padStart(3)}`,
    );
  }
  return lines.join('\n');
}

/** A stage's measured figures, as GET /v1/funnel reports them. */
export interface MeasuredStep {
  stage: string;
  conversion: number | null;
  medianDaysToNext: number | null;
}

/**
 * The next plan: the measured conversion and median days of each step in place of the planned
 * ones (rates to three decimals). A step with nothing measured, or a measured rate of 0 (which
 * no target can be worked back through), keeps its planned figures and is listed in `kept`.
 *
 * @example
 * const { plan: next, kept } = withMeasuredRates(plan, funnel.stages);
 * backCalculate(next); // the volumes the measured rates need
 */
export function withMeasuredRates(plan: Plan, measured: MeasuredStep[]): { plan: Plan; kept: string[] } {
  const by = new Map(measured.map((m) => [m.stage, m]));
  const kept: string[] = [];
  const steps = plan.steps.map((st) => {
    const m = by.get(st.from);
    if (!m || m.conversion === null || m.conversion <= 0) {
      kept.push(st.from);
      return st;
    }
    return { ...st, conversion: Math.min(1, Math.round(m.conversion * 1000) / 1000), days: m.medianDaysToNext ?? st.days };
  });
  return { plan: { ...plan, steps }, kept };
}
