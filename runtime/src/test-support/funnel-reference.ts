// The funnel worked out the slow, obvious way from the whole history, to hold the stores'
// SQL to: each lead's first entry into each stage in [from, to) by time, then record order;
// its first entry at or after that time into a stage further along the sequence; whether it
// had passed the recycled stage strictly before (handoff answers aside); then the SDK's
// tallyEntries, the definition of the tallies.
import { expect } from 'vitest';
import { tallyEntries } from '@sluice/sdk';
import type { FunnelEntry, FunnelTallies } from '@sluice/sdk';
import type { Handoff, StageChange, Store, TallyRequest } from '../store/store.js';

type EntryQuery = Pick<TallyRequest, 'ruleSetId' | 'fromMs' | 'toMs' | 'sequence' | 'recycledStage'>;

/** `history`: every record of the store, in the order written (stageHistory's order). */
export function referenceEntries(history: StageChange[], q: EntryQuery): FunnelEntry[] {
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

/**
 * The tallies of a window from everything the store holds: its history (write order), its
 * handoffs, and the leads' sources (`by: 'source'`).
 */
export function referenceTallies(history: StageChange[], handoffs: Handoff[], sources: Map<string, string>, q: TallyRequest): FunnelTallies {
  const inWindow = (at: number) => at >= q.fromMs && at < q.toMs;
  return tallyEntries({
    entries: referenceEntries(history, q),
    handoffs: handoffs.filter((h) => h.ruleSetId === q.ruleSetId && inWindow(h.createdAt)),
    answers: history
      .filter((c) => c.ruleSetId === q.ruleSetId && c.cause === 'handoff' && inWindow(c.at))
      .map((c) => ({ leadId: c.leadId, version: c.version, at: c.at, answer: c.to === 'accepted' ? 'accepted' : 'sent back' })),
    now: q.now,
    ...(q.by ? { by: q.by } : {}),
    sourceOf: (id) => sources.get(id),
  });
}

/** Tallies in one order (groups, stages, times sorted), to compare two of them. */
export function sortedTallies(t: FunnelTallies): FunnelTallies {
  const key = (g: string | null, s = '') => `${g ?? ''}\u0000${s}`;
  const by = <T>(k: (x: T) => string) => (a: T, b: T) => (k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0);
  return {
    stages: t.stages.map((s) => ({ ...s, toNextMs: [...s.toNextMs].sort((a, b) => a - b) })).sort(by((s) => key(s.group, s.stage))),
    handoffs: t.handoffs.map((h) => ({ ...h, responseMs: [...h.responseMs].sort((a, b) => a - b) })).sort(by((h) => key(h.group))),
  };
}

/** Everything a store holds of these leads, for referenceTallies. */
export async function storeContents(store: Store, leadIds: string[]): Promise<{ history: StageChange[]; handoffs: Handoff[]; sources: Map<string, string> }> {
  const history: StageChange[] = [];
  const handoffs: Handoff[] = [];
  const sources = new Map<string, string>();
  for (const id of leadIds) {
    history.push(...(await store.stageHistory(id)));
    handoffs.push(...(await store.handoffs(id)));
    const source = (await store.getLead(id))?.attributes.source;
    if (typeof source === 'string') sources.set(id, source);
  }
  return { history, handoffs, sources };
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

/** Leads as an older Sluice wrote them (no source column): id, attributes JSON, updated_at; sources a string, a number, none. */
export function olderLeadRows(): [string, string, number][] {
  return Array.from({ length: 10 }, (_, i) => [`L${i}`, JSON.stringify(i % 3 === 0 ? { source: `s${i % 2}` } : i % 3 === 1 ? { source: i } : { email: `l${i}@x.example` }), T0]);
}

/** Windows (days from 2025-06-02T10:00Z) that cut through olderHistoryRows. */
const MIGRATION_WINDOWS = [[-5, 30], [0, 7], [3, 4], [10, 20], [-20, 0]].map(([a, b]) => [T0 + (a as number) * DAY, T0 + (b as number) * DAY] as const);

/**
 * After a store migrated a database holding olderHistoryRows and olderLeadRows: its funnel entries equal the
 * reference's in every window that cuts through them (both stores' migration tests).
 */
export async function expectMigratedFunnelAsReference(store: Store): Promise<void> {
  const { history, handoffs, sources } = await storeContents(store, Array.from({ length: 10 }, (_, i) => `L${i}`));
  expect([...sources.values()].sort()).toEqual(['s0', 's0', 's1', 's1']);
  for (const [fromMs, toMs] of MIGRATION_WINDOWS) {
    for (const by of [undefined, 'source'] as const) {
      const q: TallyRequest = { ruleSetId: 'rs', fromMs, toMs, sequence: ['Lead', 'MQL', 'SQL', 'Meeting', 'Won'], recycledStage: 'Recycled', now: T0, ...(by ? { by } : {}) };
      const t = await store.funnelTallies(q);
      expect(t.stages.length).toBeGreaterThan(0);
      expect(sortedTallies(t)).toEqual(sortedTallies(referenceTallies(history, handoffs, sources, q)));
    }
  }
}
