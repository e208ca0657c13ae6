import type { Progress } from './client.js';
import { count } from './overlay.js';

const PHASE = { loading: 'Loading leads', simulating: 'Simulating', comparing: 'Comparing' } as const;

/** Progress of the worker's run, with its cancel button. */
export function RunBar({ progress, onCancel }: { progress: Progress | null; onCancel: () => void }) {
  if (!progress) return null;
  const { phase, done, total } = progress;
  return (
    <div className="run-bar" data-testid="sim-progress">
      <div className="run-text small">
        {PHASE[phase]} {count(done)}{total !== null ? ` of ${count(total)}` : ''}…
      </div>
      <progress max={total ?? undefined} value={total !== null ? done : undefined} aria-label={PHASE[phase]} />
      <button type="button" onClick={onCancel} data-testid="sim-cancel">Cancel</button>
    </div>
  );
}
