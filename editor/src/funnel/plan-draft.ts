// The plan's draft as the Funnel view edits it: plain functions, so the editing and the words
// shown for a problem are tested without a browser.
import type { Issue, Plan } from '@sluice/schemas';

/** A copy of the plan with one step's conversion (a share, 0–1) or days changed. */
export function setStep(plan: Plan, i: number, field: 'conversion' | 'days', value: number): Plan {
  return { ...plan, steps: plan.steps.map((s, j) => (j === i ? { ...s, [field]: value } : s)) };
}

/** A percentage typed in the form (e.g. "37.5") as the plan's share (0.375); NaN when not a number. */
export function shareOf(percent: string): number {
  const t = percent.trim();
  if (t === '') return Number.NaN;
  return Math.round(Number(t) * 1000) / 100_000;
}

/**
 * A problem of the draft in plain words: what it is about (a step named by its stages, the
 * target, a stage by its place) and what is wrong. The JSON pointer stays in `path` for a
 * details line.
 *
 * @example
 * planIssueText(plan, { path: '/steps/2/conversion', message: 'must be <= 1' })
 * // 'SQL → Meeting conversion: must be <= 1 (a rate is between 0 % and 100 %)'
 */
export function planIssueText(plan: Plan, issue: Issue): string {
  const step = /^\/steps\/(\d+)(?:\/(conversion|days|from|to))?$/.exec(issue.path);
  if (step) {
    const s = plan.steps[Number(step[1])];
    const name = s ? `${s.from} → ${s.to}` : `Step ${Number(step[1]) + 1}`;
    const field = step[2] ? ` ${step[2] === 'days' ? 'days' : step[2]}` : '';
    const hint = step[2] === 'conversion' && /must be [<>]=? ?[01]/.test(issue.message) ? ' (a rate is between 0 % and 100 %)' : '';
    return `${name}${field}: ${issue.message}${hint}`;
  }
  const stage = /^\/stages\/(\d+)$/.exec(issue.path);
  if (stage) return `Stage ${Number(stage[1]) + 1}: ${issue.message}`;
  if (issue.path === '/target') return `Target: ${issue.message}`;
  if (issue.path === '/steps') return `Steps: ${issue.message}`;
  return issue.message;
}
