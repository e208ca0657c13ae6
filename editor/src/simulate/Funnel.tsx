import type { FunnelStep } from './charts.js';
import { count, percent } from './overlay.js';
import type { CountPick } from './picks.js';

/** The waterfall: each gate's entered leads as a bar, split into passed and rejected. */
export function Funnel({ steps, leads, onPick }: { steps: FunnelStep[]; leads: number; onPick: (p: CountPick) => void }) {
  if (steps.length === 0) return <p className="muted small">This flow has no gates or checklists.</p>;
  return (
    <ol className="funnel" data-testid="sim-funnel">
      {steps.map((s) => (
        <li key={s.nodeId} data-testid={`funnel-${s.nodeId}`}>
          <div className="funnel-head">
            <b>{s.label}</b>
            <span className="muted small">{count(s.entered)} in</span>
          </div>
          <div className="funnel-track" title={`${count(s.entered)} of ${count(leads)} leads reach ${s.label}`}>
            <button type="button" className="bar pass" style={{ width: `${share(s.passed, leads)}%` }} onClick={() => onPick({ kind: 'port', node: s.nodeId, port: 'pass' })} aria-label={`${s.label}: ${count(s.passed)} passed`} />
            <button type="button" className="bar reject" style={{ width: `${share(s.rejected, leads)}%` }} onClick={() => onPick({ kind: 'port', node: s.nodeId, port: s.rejectPort })} aria-label={`${s.label}: ${count(s.rejected)} rejected`} />
          </div>
          <div className="funnel-legend small">
            <button type="button" className="link ok" onClick={() => onPick({ kind: 'port', node: s.nodeId, port: 'pass' })}>✓ {count(s.passed)} pass ({percent(s.passed, s.entered)})</button>
            <button type="button" className="link error" onClick={() => onPick({ kind: 'port', node: s.nodeId, port: s.rejectPort })} data-testid={`funnel-reject-${s.nodeId}`}>
              ✗ {count(s.rejected)} {s.kind === 'gate' ? 'rejected' : 'fail'} ({percent(s.rejected, s.entered)})
            </button>
            <code className="muted">{s.reason}</code>
          </div>
          {s.failedItems.length > 0 && (
            <div className="muted small">Items failed: {s.failedItems.map((f) => `${f.item} ${count(f.failed)}`).join(' · ')}</div>
          )}
        </li>
      ))}
    </ol>
  );
}

function share(n: number, of: number): number {
  return of > 0 ? (n / of) * 100 : 0;
}
