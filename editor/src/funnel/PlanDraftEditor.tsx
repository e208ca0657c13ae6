import type { Issue, Plan } from '@sluice/schemas';
import { backCalculate } from '@sluice/sdk';
import { planIssueText, setStep, shareOf } from './plan-draft.js';

export interface PlanDraft {
  plan: Plan;
  /** Where it came from, said above the form. */
  origin: string;
  /** Saved on the runtime as it is shown (no edits since). */
  saved: boolean;
  /** What stands in the way of publishing it, as the runtime last said. */
  issues: Issue[];
  /** Steps whose planned rate was kept (nothing measured). */
  kept: string[];
}

const pct = (x: number) => `${+(x * 100).toFixed(1)} %`;

/** The back-calculation of a plan being edited, when its numbers allow one (no rate of 0 or above 1). */
function preview(plan: Plan) {
  if (!(plan.target >= 1) || plan.steps.some((s) => !(s.conversion > 0 && s.conversion <= 1))) return null;
  return backCalculate(plan);
}

/**
 * The plan's draft, edited like a flow's: target, rates and days change here; "Save draft"
 * keeps it on the runtime beside the published plan, "Publish plan" makes it the plan.
 */
export function PlanDraftEditor({ draft, onChange, onSave, onPublish, onDiscard, busy }: {
  draft: PlanDraft;
  onChange: (plan: Plan) => void;
  onSave: () => void;
  onPublish: () => void;
  onDiscard: () => void;
  busy: boolean;
}) {
  const { plan } = draft;
  const rows = preview(plan);
  return (
    <div className="funnel-draft" data-testid="plan-draft">
      <h4>Draft of the next plan <small className="muted">({draft.origin}; {draft.saved ? 'saved as a draft, not published' : 'not saved yet'})</small></h4>
      <label className="small">Target: <input type="number" min={1} step={1} aria-label="Target" value={plan.target} onChange={(e) => onChange({ ...plan, target: Number(e.target.value) })} /> {plan.stages[plan.stages.length - 1]} a {plan.period}</label>
      <table className="funnel-table plan-steps">
        <thead><tr><th>Step</th><th>Conversion %</th><th>Days</th><th>Needed a {plan.period}</th></tr></thead>
        <tbody>
          {plan.steps.map((s, i) => (
            <tr key={`${s.from}-${s.to}`} data-testid={`draft-step-${s.from}`}>
              <td>{s.from} → {s.to}</td>
              <td><input type="number" step={0.1} aria-label={`Conversion ${s.from} to ${s.to} (%)`} value={+(s.conversion * 100).toFixed(3)} onChange={(e) => onChange(setStep(plan, i, 'conversion', shareOf(e.target.value)))} /></td>
              <td><input type="number" step={1} min={0} aria-label={`Days ${s.from} to ${s.to}`} value={s.days} onChange={(e) => onChange(setStep(plan, i, 'days', Number(e.target.value)))} /></td>
              <td>{rows?.find((r) => r.stage === s.from)?.required ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows && (
        <ul className="small">
          {rows.map((s) => (
            <li key={s.stage} data-testid={`draft-${s.stage}`}>{s.stage}: {s.required} a {plan.period}{s.conversion !== null ? `, ${pct(s.conversion)} to next` : ''}</li>
          ))}
        </ul>
      )}
      {draft.kept.length > 0 && <p className="muted small">Kept the planned rate (nothing measured): {draft.kept.join(', ')}</p>}
      {draft.issues.length > 0 && (
        <div className="error small" role="alert" data-testid="plan-draft-issues">
          <p>This draft cannot be published yet:</p>
          <ul>{draft.issues.map((i, n) => <li key={n} title={i.path}>{planIssueText(plan, i)}</li>)}</ul>
        </div>
      )}
      <div className="row">
        <button type="button" disabled={busy || draft.saved} onClick={onSave} data-testid="save-plan-draft">Save draft</button>
        <button type="button" className="primary" disabled={busy} onClick={onPublish} data-testid="publish-plan">Publish plan</button>
        <button type="button" disabled={busy} onClick={onDiscard} data-testid="discard-plan-draft">Discard draft</button>
      </div>
    </div>
  );
}
