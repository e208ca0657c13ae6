import { useCallback, useEffect, useState } from 'react';
import type { FunnelResponse, Plan } from '@sluice/schemas';
import { withMeasuredRates } from '@sluice/sdk';
import { api, ApiError } from '../api/client.js';
import { useEditor } from '../store/provider.js';
import { compare, currentPeriod } from './compare.js';
import { MonthChart } from './MonthChart.js';
import { PlanDraftEditor } from './PlanDraftEditor.js';
import type { PlanDraft } from './PlanDraftEditor.js';

const pct = (x: number | null) => (x === null ? '–' : `${+(x * 100).toFixed(1)} %`);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The Funnel tab: the published plan beside the measured funnel, per stage; a chart over time
 * with the dates new versions were published; the plan's next draft (from the measured rates,
 * or edited by hand), saved beside the published plan and published like a flow.
 */
export function FunnelPanel() {
  const id = useEditor((s) => s.history.present.id);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [range, setRange] = useState(() => currentPeriod(new Date(), 'quarter'));
  const [funnel, setFunnel] = useState<FunnelResponse | null>(null);
  const [months, setMonths] = useState<FunnelResponse | null>(null);
  const [draft, setDraft] = useState<PlanDraft | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    setError('');
    try {
      const [p, d] = await Promise.all([api.plan(id), api.planDraft(id)]);
      setPlan(p);
      if (d) setDraft({ plan: d.plan as unknown as Plan, origin: `${id}.plan.draft.json`, saved: true, issues: d.issues, kept: [] });
      setFunnel(await api.funnel(id, range.from, range.to));
      setMonths(await api.funnel(id, range.from, range.to, 'month'));
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message}${e.details.length ? `: ${e.details.map((d) => `${d.path} ${d.message}`).join('; ')}` : ''}` : String(e));
    }
  }, [id, range]);
  useEffect(() => {
    void load();
  }, [load]);

  const rows = funnel ? compare(funnel, plan) : [];

  /** Saves the draft on the runtime (the published plan stays); false when the runtime refused it. */
  const saveDraft = async (d: PlanDraft): Promise<PlanDraft | null> => {
    try {
      const r = await api.savePlanDraft(id, d.plan);
      const saved = { ...d, saved: true, issues: r.issues };
      setDraft(saved);
      setNote(`Draft saved as ${id}.plan.draft.json; the published plan is unchanged.`);
      return saved;
    } catch (e) {
      setDraft({ ...d, issues: e instanceof ApiError ? e.details : [] });
      setNote(`The draft was not saved: ${message(e)}`);
      return null;
    }
  };
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };
  const onSave = () => void run(async () => {
    if (draft) await saveDraft(draft);
  });
  const onPublish = () => void run(async () => {
    if (!draft) return;
    const saved = draft.saved ? draft : await saveDraft(draft);
    if (!saved) return;
    try {
      const r = await api.publishPlan(id, { author: localStorage.getItem('sluice.author') ?? 'editor' });
      setDraft(null);
      setNote(`Published ${id}.plan.json${r.commit ? ` (commit ${r.commit.slice(0, 8)})` : ''}: the funnel now compares against it.${r.gitError ? ` Not committed to git: ${r.gitError}` : ''}`);
      await load();
    } catch (e) {
      setDraft({ ...saved, issues: e instanceof ApiError && e.details.length ? e.details : saved.issues });
      setNote(`Not published: ${message(e)}`);
    }
  });
  const onDiscard = () => void run(async () => {
    if (draft?.saved) {
      try {
        await api.discardPlanDraft(id);
      } catch (e) {
        return setNote(`The draft was not discarded: ${message(e)}`);
      }
    }
    setDraft(null);
    setNote('Draft discarded; the published plan is unchanged.');
  });

  return (
    <div className="funnel pad" data-testid="funnel-panel">
      <div className="funnel-range">
        <label>From <input type="date" aria-label="From" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} /></label>
        <label>To <input type="date" aria-label="To" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} /></label>
      </div>
      {error && <p className="error" data-testid="funnel-error">{error}</p>}
      <p className="muted small" data-testid="funnel-plan">
        {plan ? `Plan: ${plan.target} ${plan.stages[plan.stages.length - 1]} a ${plan.period}${plan.name ? ` (${plan.name})` : ''}` : `No plan yet (${id}.plan.json): conversions follow ${funnel?.sequence.join(' → ') ?? 'the default stages'}`}
      </p>
      {funnel && (
        <table className="funnel-table" data-testid="funnel-table">
          <thead>
            <tr><th>Stage</th><th title={`Leads the plan needs per ${plan?.period ?? 'period'}`}>Required</th><th>Reached</th><th>Planned</th><th>Measured</th><th>Median days</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.stage} className={r.gap ? 'gap' : ''} data-testid={`funnel-row-${r.stage}`}>
                <td>{r.stage}{r.gap && <span className="gap-mark" title="Below plan"> ▼ below plan</span>}</td>
                <td>{r.required ?? ''}</td>
                <td>{r.reached}{r.recycled ? <small className="muted"> +{r.recycled} recycled</small> : null}</td>
                <td>{r.planned === null ? '' : pct(r.planned)}</td>
                <td>{pct(r.measured)}</td>
                <td>{r.medianDays ?? ''}{r.plannedDays !== null ? <small className="muted"> / {r.plannedDays}</small> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {funnel && (
        <p className="muted small" data-testid="funnel-handoffs">
          Handoffs: {funnel.handoffs.total} ({funnel.handoffs.onTime} on time, {funnel.handoffs.breached} breached, {funnel.handoffs.open} open); accepted {funnel.handoffs.accepted}, sent back {funnel.handoffs.sentBack}
        </p>
      )}
      {months && <MonthChart funnel={months} />}
      {plan && funnel && !draft && (
        <div className="row">
          <button type="button" onClick={() => setDraft({ ...withMeasuredRates(plan, funnel.stages), origin: 'from the measured rates', saved: false, issues: [] })} data-testid="use-measured">Use measured rates</button>
          <button type="button" onClick={() => setDraft({ plan, kept: [], origin: 'from the published plan', saved: false, issues: [] })} data-testid="edit-plan">Edit plan</button>
        </div>
      )}
      {draft && (
        <PlanDraftEditor draft={draft} busy={busy} onChange={(p) => setDraft({ ...draft, plan: p, saved: false })} onSave={onSave} onPublish={onPublish} onDiscard={onDiscard} />
      )}
      {note && <p className="muted small" role="status" data-testid="plan-note">{note}</p>}
    </div>
  );
}
