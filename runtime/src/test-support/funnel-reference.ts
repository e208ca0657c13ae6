// The funnel's first entries worked out the slow, obvious way from a lead's whole history, to
// hold the store's SQL to: each lead's first entry into each stage in [from, to) by time, then
// record order; its first entry at or after that time into a stage further along the
// sequence; whether it had passed the recycled stage strictly before. Handoff answers aside.
import { expect } from 'vitest';
import type { FunnelEntryRow, FunnelQuery, StageChange, Store } from '../store/store.js';

/** `history`: every record of the store, in the order written (stageHistory's order). */
export function referenceEntries(history: StageChange[], q: FunnelQuery): FunnelEntryRow[] {
  const rows = history.map((c, seq) => ({ ...c, seq })).filter((c) => c.ruleSetId === q.ruleSetId && c.cause !== 'handoff');
  const byTime = [...rows].sort((a, b) => a.at - b.at || a.seq - b.seq);
  const firsts = new Map<string, (typeof rows)[number]>();
  for (const r of byTime) {
    if (r.at < q.fromMs || r.at >= q.toMs) continue;
    const k = `${r.leadId}\u0000${r.to}`;
    if (!firsts.has(k)) firsts.set(k, r);
  }
  return [...firsts.values()].map((f) => {
    const p = q.sequence.indexOf(f.to);
    const later = p < 0 ? [] : rows.filter((h) => h.leadId === f.leadId && h.at >= f.at && q.sequence.indexOf(h.to) > p).map((h) => h.at);
    return {
      leadId: f.leadId, stage: f.to, at: f.at, version: f.version,
      nextAt: later.length ? Math.min(...later) : null,
      recycled: rows.some((h) => h.leadId === f.leadId && h.to === q.recycledStage && h.at < f.at),
    };
  });
}

/** Entries in one order, to compare sets of them. */
export function sortedEntries(rows: FunnelEntryRow[]): FunnelEntryRow[] {
  const key = (r: FunnelEntryRow) => `${r.leadId}\u0000${r.stage}`;
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const T0 = Date.parse('2025-06-02T10:00:00Z');
const DAY = 86_400_000;

/**
 * Stage history as an older Sluice wrote it (no prev_at), for migration tests: columns lead_id,
 * rule_set_id, version, to_stage, at, cause, source, record_id, in the order written, with
 * records dated before earlier ones, equal times, re-entries and handoff answers.
 */
export function olderHistoryRows(): [string, string, number, string, number, string, string | null, string | null][] {
  let x = 11;
  const rnd = (n: number) => ((x = (x * 1103515245 + 12345) % 2147483648), x % n);
  const stages = ['Lead', 'MQL', 'SQL', 'Recycled', 'Meeting', 'Won'];
  return Array.from({ length: 120 }, (_, i) => {
    const cause = i % 9 === 0 ? 'handoff' : i % 2 ? 'crm' : 'events';
    const crm = cause !== 'events';
    return [`L${rnd(10)}`, i % 17 === 0 ? 'other' : 'rs', 1, cause === 'handoff' ? 'accepted' : (stages[rnd(stages.length)] as string), T0 + (rnd(30) - 5) * DAY + (i % 5 === 0 ? 0 : rnd(4) * 3_600_000), cause, crm ? 'crm' : null, crm ? `r${i}` : null];
  });
}

/** Windows (days from 2025-06-02T10:00Z) that cut through olderHistoryRows. */
const MIGRATION_WINDOWS = [[-5, 30], [0, 7], [3, 4], [10, 20], [-20, 0]].map(([a, b]) => [T0 + (a as number) * DAY, T0 + (b as number) * DAY] as const);

/**
 * After a store migrated a database holding olderHistoryRows: its funnel entries equal the
 * reference's in every window that cuts through them (both stores' migration tests).
 */
export async function expectMigratedFunnelAsReference(store: Store): Promise<void> {
  const history = (await Promise.all(Array.from({ length: 10 }, (_, i) => store.stageHistory(`L${i}`)))).flat();
  for (const [fromMs, toMs] of MIGRATION_WINDOWS) {
    const q = { ruleSetId: 'rs', fromMs, toMs, sequence: ['Lead', 'MQL', 'SQL', 'Meeting', 'Won'], recycledStage: 'Recycled', leadIds: true };
    const rows = await store.funnelEntries(q);
    expect(rows.length).toBeGreaterThan(0);
    expect(sortedEntries(rows)).toEqual(sortedEntries(referenceEntries(history, q)));
  }
}
