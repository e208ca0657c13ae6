import type { EvaluationResult } from '@sluice/schemas';
import { useNodeConfigs } from './use-node-configs.js';
import { slaZone } from './zoned-time.js';
import { ZonedTime } from './ZonedTime.js';

function signed(n: number): string {
  return `${n >= 0 ? '+' : ''}${Math.round(n * 100) / 100}`;
}

/**
 * The result: outcome, handoff and its SLA due time (in the time zone of the SLA on the outcome
 * node reached, as the flow now has it), grade, every contribution to every score, checklists,
 * path. Simulate's side-by-side traces show it too, so the zone is looked up here.
 */
export function Breakdown({ result }: { result: EvaluationResult }) {
  const zone = slaZone(useNodeConfigs(), result.outcome.nodeId);
  const contributions = (result.trace ?? []).flatMap((s) => (s.contributions ?? []).map((c) => ({ ...c, nodeId: s.nodeId })));
  const scores = Object.keys(result.scores).sort();
  const a = result.outcome.actions;
  return (
    <div className="breakdown" data-testid="breakdown">
      <div className="outcome-line">
        <span className="stage" data-testid="result-stage">{result.outcome.stage}</span>
        <span className="muted">at {result.outcome.label ?? result.outcome.nodeId}</span>
      </div>
      {result.rejected && <p className="error" data-testid="result-rejected">Rejected by {result.rejected.nodeId}: {result.rejected.reason}{result.rejected.message ? ` — ${result.rejected.message}` : ''}</p>}
      <dl>
        <dt>Grade</dt><dd data-testid="result-grade">{result.grade ?? '—'}</dd>
        {a.handoff && (<><dt>Handoff</dt><dd data-testid="result-handoff">{a.handoff.team ? `to ${a.handoff.team}` : 'yes'}</dd></>)}
        {a.handoff?.dueAt && (<><dt>SLA due</dt><dd data-testid="result-due"><ZonedTime value={a.handoff.dueAt} zone={zone} /></dd></>)}
        {a.nurture && (<><dt>Nurture</dt><dd>{a.nurture.track}</dd></>)}
        {/* A recycle has no zone of its own: its date reads in UTC, said so. */}
        {a.recycle && (<><dt>Re-approach</dt><dd data-testid="result-reapproach"><ZonedTime value={a.recycle.reapproachAt} zone="UTC" />{a.recycle.track ? ` (${a.recycle.track})` : ''}</dd></>)}
        {a.tags.length > 0 && (<><dt>Tags</dt><dd>{a.tags.join(', ')}</dd></>)}
      </dl>
      {Object.entries(result.checklists).map(([id, c]) => (
        <p key={id} className="small">{id}: {c.passed.length} of {c.passed.length + c.failed.length} (need {c.min}) {c.met ? '✓' : '✗'}{c.failed.length > 0 ? ` — failed: ${c.failed.join(', ')}` : ''}</p>
      ))}
      {scores.map((s) => (
        <div key={s} className="score-block">
          <h4>{s}: {result.scores[s]}</h4>
          <ul>
            {contributions.filter((c) => c.score === s).map((c, i) => (
              <li key={i}><b>{signed(c.points)}</b> {c.label}{c.detail ? <span className="muted"> ({c.detail})</span> : null}</li>
            ))}
          </ul>
        </div>
      ))}
      <p className="small muted">Path: {result.path.join(' → ')}</p>
    </div>
  );
}
