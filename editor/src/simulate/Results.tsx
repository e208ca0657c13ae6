import { funnel, stageRows } from './charts.js';
import { GradeHeatmap, StageBars } from './Distribution.js';
import { Funnel } from './Funnel.js';
import { count, countEntries, percent } from './overlay.js';
import type { CountPick } from './picks.js';
import { ScoreHistogram } from './ScoreHistogram.js';
import type { SimRun } from './use-simulation.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Everything one simulation says: where leads end, each gate's funnel, grades, scores, problems. */
export function Results({ run, onPick }: { run: SimRun; onPick: (p: CountPick) => void }) {
  const { report, data, ruleSet } = run;
  const rejects = countEntries(report.rejects).sort((a, b) => b[1] - a[1]);
  return (
    <div className="sim-results" data-testid="sim-results">
      <p className="sim-summary" data-testid="sim-summary" data-run-ms={Math.round(run.ms.run)} data-load-ms={Math.round(run.ms.load)}>
        <b>{count(report.leads)}</b> leads from {data.label}
        <span className="muted small"> · simulated in {seconds(run.ms.run)}{run.ms.load > 0 ? ` (loaded in ${seconds(run.ms.load)})` : ''}{data.ownNow ? ' · each lead at its own now' : ` · now ${run.now}`}</span>
      </p>
      {(data.problemCount > 0 || report.errors.count > 0) && (
        <details className="sim-problems" data-testid="sim-problems">
          <summary className="error">{count(data.problemCount + report.errors.count)} rows skipped</summary>
          <ul className="small">
            {data.problems.map((p) => <li key={`d${p.row}`}>Row {p.row}: {p.message}</li>)}
            {report.errors.examples.map((e) => <li key={`e${e.index}`}>{e.row !== undefined ? `Row ${e.row}` : `Lead ${e.index + 1}`}: {e.message}</li>)}
          </ul>
          {data.problemCount > data.problems.length && <p className="muted small">and {count(data.problemCount - data.problems.length)} more.</p>}
        </details>
      )}
      {data.columns && (
        <details className="small" data-testid="sim-mapped">
          <summary>{data.columns.filter((c) => c.key).length} of {data.columns.length} columns read</summary>
          <ul>{data.columns.map((c) => <li key={c.column}>{c.column} → {c.key ?? 'skipped'}</li>)}</ul>
        </details>
      )}
      <h4>Where leads end</h4>
      <StageBars rows={stageRows(ruleSet, report)} leads={report.leads} onPick={onPick} />
      <h4>Waterfall</h4>
      <Funnel steps={funnel(ruleSet, report)} leads={report.leads} onPick={onPick} />
      {rejects.length > 0 && (
        <table className="rejects small" data-testid="sim-rejects">
          <thead><tr><th>Reject reason</th><th className="num">leads</th><th className="num">of all</th></tr></thead>
          <tbody>
            {rejects.map(([reason, n]) => <tr key={reason}><td><code>{reason}</code></td><td className="num">{count(n)}</td><td className="num muted">{percent(n, report.leads)}</td></tr>)}
          </tbody>
        </table>
      )}
      <h4>Grade matrix</h4>
      <GradeHeatmap grades={report.grades ? Object.fromEntries(countEntries(report.grades)) : null} leads={report.leads} />
      <h4>Scores</h4>
      {Object.keys(report.scores).length === 0 && <p className="muted small">This flow has no scores.</p>}
      {Object.entries(report.scores).map(([name, h]) => h && <ScoreHistogram key={name} name={name} h={h} />)}
      <p className="muted small">Click a count (here or on the canvas) to list its leads.</p>
    </div>
  );
}
