import { useMemo } from 'react';
import type { RuleSet } from '@sluice/schemas';
import { evaluate } from '../engine.js';
import { count } from './overlay.js';
import type { PickedLeads } from './picks.js';
import type { LeadRow } from './protocol.js';

/** A line of text that says who a lead is: its title and company, when it has them. */
export function leadCaption(input: unknown): string {
  const o = (input ?? {}) as { lead?: Record<string, unknown>; account?: Record<string, unknown> };
  const parts = [o.lead?.title, o.account?.name ?? o.lead?.company, o.account?.industry].filter((x): x is string => typeof x === 'string' && x.length > 0);
  return parts.join(' · ');
}

export interface LeadListProps {
  picked: PickedLeads;
  rows: LeadRow[] | null;
  ruleSet: RuleSet | null;
  now: string;
  onOpen: (row: LeadRow) => void;
  onClose: () => void;
}

/** The leads behind a clicked count: the first ones kept by the simulation, each openable. */
export function LeadList({ picked, rows, ruleSet, now, onOpen, onClose }: LeadListProps) {
  // Where each lead ends now: a few dozen evaluations, well under a frame.
  const stages = useMemo(() => {
    const m = new Map<number, string>();
    if (!rows || !ruleSet) return m;
    for (const r of rows) {
      try {
        const own = (r.input as { now?: unknown }).now;
        m.set(r.index, evaluate(ruleSet, r.input as never, { now: typeof own === 'string' ? own : now }).outcome.stage);
      } catch (e) {
        m.set(r.index, e instanceof Error ? e.message : 'error');
      }
    }
    return m;
  }, [rows, ruleSet, now]);
  return (
    <section className="lead-list" data-testid="sim-leads">
      <header>
        <b>{picked.title}</b>
        <button type="button" onClick={onClose} aria-label="Close the list">✕</button>
      </header>
      {picked.total > picked.indices.length && <p className="muted small">The first {count(picked.indices.length)} in data-set order.</p>}
      {rows === null ? <p className="muted">Loading…</p> : rows.length === 0 ? <p className="muted">No leads.</p> : (
        <ul>
          {rows.map((r) => (
            <li key={r.index}>
              <span className="lead-id" title={`Row ${r.index + 1} of the data set`}>{r.id ?? `#${r.index + 1}`}</span>
              <span className="lead-caption muted small">{leadCaption(r.input)}</span>
              <span className="lead-stage small">{stages.get(r.index)}</span>
              <button type="button" onClick={() => onOpen(r)} data-testid={`open-lead-${r.index}`}>Open</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
