import { gradeMatrix, heat } from './charts.js';
import { count, percent } from './overlay.js';
import type { CountPick } from './picks.js';

/** Leads per stage, as bars of the whole. */
export function StageBars({ rows, leads, onPick }: { rows: { stage: string; count: number }[]; leads: number; onPick: (p: CountPick) => void }) {
  return (
    <table className="stage-bars" data-testid="sim-stages">
      <tbody>
        {rows.map((r) => (
          <tr key={r.stage}>
            <th scope="row">{r.stage}</th>
            <td className="bar-cell">
              <button type="button" className="bar stage" style={{ width: `${leads > 0 ? (r.count / leads) * 100 : 0}%` }} onClick={() => onPick({ kind: 'stage', stage: r.stage })} aria-label={`${r.stage}: ${count(r.count)} leads`} />
            </td>
            <td className="num"><button type="button" className="link" onClick={() => onPick({ kind: 'stage', stage: r.stage })} data-testid={`stage-${r.stage}`}>{count(r.count)}</button></td>
            <td className="num muted">{percent(r.count, leads)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Counts per grade as a heat map: letters down, numbers across (A1 top left). */
export function GradeHeatmap({ grades, leads }: { grades: Record<string, number> | null; leads: number }) {
  if (!grades) return <p className="muted small">This flow sets no grade (no table writes the flow's grade variable).</p>;
  const m = gradeMatrix(grades);
  const graded = Object.values(grades).reduce((a, b) => a + b, 0);
  return (
    <div data-testid="sim-grades">
      {m.rows.length > 0 && (
        <table className="heatmap">
          <thead>
            <tr><th />{m.cols.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
          </thead>
          <tbody>
            {m.rows.map((r, i) => (
              <tr key={r}>
                <th scope="row">{r}</th>
                {m.cols.map((c, j) => {
                  const v = m.cells[i]?.[j] ?? 0;
                  return (
                    <td key={c} style={{ background: heat(v, m.max), color: v > m.max * 0.55 ? '#fff' : undefined }} title={`${r}${c}: ${count(v)} leads (${percent(v, leads)} of all)`} data-testid={`grade-${r}${c}`}>
                      {count(v)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {m.other.length > 0 && <p className="small">{m.other.map((o) => `${o.grade}: ${count(o.count)}`).join(' · ')}</p>}
      <p className="muted small">{count(graded)} of {count(leads)} leads got a grade{graded < leads ? '; the others ended before the grade was set' : ''}.</p>
    </div>
  );
}
