// The measured funnel, from rows the store has already narrowed to the window: each lead's
// first entry into each stage in the window (with when it went on to a later stage of the
// sequence, and whether it came back through recycling), the handoffs created in the
// window and the sales reps' answers recorded in it. Pure, so the runtime's answer can be
// checked by hand in tests; the API, the CLI and the editor all show this one computation.
import type { FunnelGroup, FunnelHandoffs, FunnelStage } from '@sluice/schemas';

/** Without a plan, conversions follow this sequence (the DESIGN's stages, then the CRM's). */
export const DEFAULT_FUNNEL_SEQUENCE = ['Lead', 'MQL', 'SQL', 'Meeting', 'Opportunity', 'Won'] as const;
/** Stages the CRM records (POST /v1/leads/:id/stage) that a plan may name beside the rule set's own. */
export const CRM_STAGES = ['Meeting', 'Opportunity', 'Won', 'Lost'] as const;
/** The stage a recycled lead passes through, unless the plan names another. */
export const DEFAULT_RECYCLED_STAGE = 'Recycled';

/** A lead's first entry into a stage within the window. */
export interface FunnelEntry {
  leadId: string;
  stage: string;
  at: number;
  /** The rule-set version of the record that placed the lead in the stage. */
  version: number;
  /** The lead's first entry, at or after `at`, into a stage later in the sequence (null: none yet, or the stage is not in it). */
  nextAt: number | null;
  /** The lead had passed the recycled stage before this entry. */
  recycled: boolean;
}

export interface FunnelHandoffRow {
  leadId: string;
  version: number;
  createdAt: number;
  dueAt: number;
  touchedAt: number | null;
}

export interface FunnelAnswer {
  leadId: string;
  version: number;
  at: number;
  answer: 'accepted' | 'sent back';
}

export type FunnelBy = 'month' | 'quarter' | 'version' | 'source';

export interface MeasureInput {
  entries: FunnelEntry[];
  handoffs: FunnelHandoffRow[];
  answers: FunnelAnswer[];
  sequence: readonly string[];
  /** Open handoffs due before this are breached. */
  now: number;
  by?: FunnelBy;
  /** The lead's source (`by: 'source'`). */
  sourceOf?: (leadId: string) => string | undefined;
}

export interface Measured {
  stages: FunnelStage[];
  handoffs: FunnelHandoffs;
  groups: FunnelGroup[];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The median, to two decimals (null for none). */
export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  const v = s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
  return Math.round(v * 100) / 100;
}

/** `2025-04` / `2025-Q2` of an epoch-ms time, in UTC. */
export function periodKey(ms: number, by: 'month' | 'quarter'): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return by === 'month' ? `${y}-${String(m + 1).padStart(2, '0')}` : `${y}-Q${Math.floor(m / 3) + 1}`;
}

function stagesOf(entries: FunnelEntry[], order: string[], sequence: readonly string[]): FunnelStage[] {
  const by = new Map<string, FunnelEntry[]>();
  for (const e of entries) (by.get(e.stage) ?? by.set(e.stage, []).get(e.stage) as FunnelEntry[]).push(e);
  return order.map((stage) => {
    const list = by.get(stage) ?? [];
    const i = sequence.indexOf(stage);
    const next = i >= 0 && i < sequence.length - 1 ? (sequence[i + 1] as string) : null;
    const fresh = list.filter((e) => !e.recycled);
    const went = fresh.filter((e) => e.nextAt !== null);
    return {
      stage,
      planned: i >= 0,
      next,
      reached: fresh.length,
      recycled: list.length - fresh.length,
      convertedToNext: next === null ? null : went.length,
      conversion: next === null || fresh.length === 0 ? null : Math.round((went.length / fresh.length) * 10_000) / 10_000,
      medianDaysToNext: next === null ? null : median(went.map((e) => ((e.nextAt as number) - e.at) / DAY)),
    };
  });
}

function handoffsOf(rows: FunnelHandoffRow[], answers: FunnelAnswer[], now: number): FunnelHandoffs {
  let onTime = 0;
  let breached = 0;
  let open = 0;
  const response: number[] = [];
  for (const h of rows) {
    if (h.touchedAt === null) {
      if (h.dueAt < now) breached++;
      else open++;
      continue;
    }
    response.push((h.touchedAt - h.createdAt) / HOUR);
    if (h.touchedAt <= h.dueAt) onTime++;
    else breached++;
  }
  const accepted = answers.filter((a) => a.answer === 'accepted').length;
  const sentBack = answers.length - accepted;
  return {
    total: rows.length, onTime, breached, open, medianResponseHours: median(response),
    accepted, sentBack, acceptanceRate: answers.length ? Math.round((accepted / answers.length) * 10_000) / 10_000 : null,
  };
}

/**
 * The measured funnel: per stage, the distinct leads that entered it in the window
 * (`reached`; those that came back through recycling counted apart in `recycled`), how many
 * of them went on to the sequence's next stage or a later one, the conversion and the
 * median days; the handoffs' SLA figures; and the same per group when `by` is given.
 * Planned stages are listed in sequence order even when nobody reached them; other stages
 * seen follow, by name.
 *
 * @example
 * measureFunnel({ entries, handoffs: [], answers: [], sequence: ['Lead', 'MQL'], now: Date.now() }).stages[0]
 * // { stage: 'Lead', planned: true, next: 'MQL', reached: 3, recycled: 0, convertedToNext: 1, conversion: 0.3333, medianDaysToNext: 4 }
 */
export function measureFunnel(input: MeasureInput): Measured {
  const { entries, handoffs, answers, sequence, now, by } = input;
  const unplanned = [...new Set(entries.map((e) => e.stage).filter((s) => !sequence.includes(s)))].sort();
  const order = [...sequence, ...unplanned];
  const out: Measured = { stages: stagesOf(entries, order, sequence), handoffs: handoffsOf(handoffs, answers, now), groups: [] };
  if (!by) return out;
  const keyOf = (leadId: string, at: number, version: number): string => {
    if (by === 'month' || by === 'quarter') return periodKey(at, by);
    if (by === 'version') return `v${version}`;
    return input.sourceOf?.(leadId) ?? '(none)';
  };
  const groups = new Map<string, { e: FunnelEntry[]; h: FunnelHandoffRow[]; a: FunnelAnswer[] }>();
  const group = (k: string) => groups.get(k) ?? groups.set(k, { e: [], h: [], a: [] }).get(k) as { e: FunnelEntry[]; h: FunnelHandoffRow[]; a: FunnelAnswer[] };
  for (const e of entries) group(keyOf(e.leadId, e.at, e.version)).e.push(e);
  for (const h of handoffs) group(keyOf(h.leadId, h.createdAt, h.version)).h.push(h);
  for (const a of answers) group(keyOf(a.leadId, a.at, a.version)).a.push(a);
  const keys = [...groups.keys()].sort((a, b) => (by === 'version' ? Number(a.slice(1)) - Number(b.slice(1)) : a < b ? -1 : a > b ? 1 : 0));
  out.groups = keys.map((key) => {
    const g = groups.get(key) as { e: FunnelEntry[]; h: FunnelHandoffRow[]; a: FunnelAnswer[] };
    return { key, stages: stagesOf(g.e, order, sequence), handoffs: handoffsOf(g.h, g.a, now) };
  });
  return out;
}
