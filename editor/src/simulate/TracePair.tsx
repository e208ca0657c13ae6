import { useMemo } from 'react';
import type { RuleSet } from '@sluice/schemas';
import { evaluate } from '../engine.js';
import { Breakdown } from '../test-panel/Breakdown.js';

export interface TracePairProps {
  title: string;
  input: unknown;
  now: string;
  before: { label: string; ruleSet: RuleSet };
  after: { label: string; ruleSet: RuleSet };
  onOpenInTest: () => void;
  onClose: () => void;
}

/** One lead through two rule sets, traces side by side: why it moved. */
export function TracePair({ title, input, now, before, after, onOpenInTest, onClose }: TracePairProps) {
  const own = (input as { now?: unknown } | null)?.now;
  const at = typeof own === 'string' ? own : now;
  const [a, b] = useMemo(() => [before, after].map((s) => evaluate(s.ruleSet, input as never, { now: at, trace: true })), [before, after, input, at]);
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal trace-pair" role="dialog" aria-label={title} onClick={(e) => e.stopPropagation()} data-testid="trace-pair">
        <header>
          <b>{title}</b>
          <span className="spacer" />
          <button type="button" onClick={onOpenInTest}>Open in Test panel</button>
          <button type="button" onClick={onClose} aria-label="Close">✕</button>
        </header>
        <div className="pair">
          <section data-testid="trace-before"><h3>{before.label}</h3>{a && <Breakdown result={a} />}</section>
          <section data-testid="trace-after"><h3>{after.label}</h3>{b && <Breakdown result={b} />}</section>
        </div>
      </div>
    </div>
  );
}
