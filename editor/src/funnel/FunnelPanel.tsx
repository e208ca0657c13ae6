import { useCallback, useEffect, useState } from 'react';
import type { FunnelResponse, Plan } from '@sluice/schemas';
import { backCalculate, withMeasuredRates } from '@sluice/sdk';
import { api, ApiError } from '../api/client.js';
import { useEditor } from '../store/provider.js';
import { compare, currentPeriod } from './compare.js';
import { MonthChart } from './MonthChart.js';

const pct = (x: number | null) => (x === null ? '–' : `${+(x * 100).toFixed(1)} %`);

/** The Funnel tab: the plan beside the measured funnel, per stage, and the plan's next draft from the measured rates. */
export function FunnelPanel() {
  const id = useEditor((s) => s.history.present.id);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [range, setRange] = useState(() => currentPeriod(new Date(), 'quarter'));
  const [funnel, setFunnel] = useState<FunnelResponse | null>(null);
  const [months, setMonths] = useState<FunnelResponse | null>(null);
  const [draft, setDraft] = useState<{ plan: Plan; kept: string[] } | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    setError('');
    try {
      const p = await api.plan(id);
      setPlan(p);
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
  const savePlan = async () => {
    if (!draft) return;
    try {
      await api.savePlan(id, draft.plan);
      setNote(`Saved ${id}.plan.json on the runtime`);
      setDraft(null);
      await load();
    } catch (e) {
      setNote(e instanceof Error ? e.message : String(e));
    }
  };

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
      {months && months.groups.length > 0 && <MonthChart funnel={months} />}
      {plan && funnel && !draft && (
        <button type="button" onClick={() => setDraft(withMeasuredRates(plan, funnel.stages))} data-testid="use-measured">Use measured rates</button>
      )}
      {draft && (
        <div className="funnel-draft" data-testid="plan-draft">
          <h4>Next plan (measured rates)</h4>
          <ul>
            {backCalculate(draft.plan).map((s) => (
              <li key={s.stage} data-testid={`draft-${s.stage}`}>{s.stage}: {s.required} a {draft.plan.period}{s.conversion !== null ? `, ${pct(s.conversion)} to next` : ''}</li>
            ))}
          </ul>
          {draft.kept.length > 0 && <p className="muted small">Kept the planned rate (nothing measured): {draft.kept.join(', ')}</p>}
          <button type="button" className="primary" onClick={() => void savePlan()} data-testid="save-plan">Save plan</button>
          <button type="button" onClick={() => setDraft(null)}>Discard</button>
        </div>
      )}
      {note && <p className="muted small" data-testid="plan-note">{note}</p>}
    </div>
  );
}
