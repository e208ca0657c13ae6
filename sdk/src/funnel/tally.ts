// A funnel's tallies: what measureFunnel needs of the stage history, per group. The runtime's
// stores compute them in SQL over a window; tallyEntries computes the same from a window's
// rows one by one — the definition the stores' SQL is held to in their contract tests.

/** Without a plan, conversions follow this sequence (the DESIGN's stages, then the CRM's). */
export const DEFAULT_FUNNEL_SEQUENCE = ['Lead', 'MQL', 'SQL', 'Meeting', 'Opportunity', 'Won'] as const;
/** Stages the CRM records (POST /v1/leads/:id/stage) that a plan may name beside the rule set's own. */
export const CRM_STAGES = ['Meeting', 'Opportunity', 'Won', 'Lost'] as const;
/** The stage a recycled lead passes through, unless the plan names another. */
export const DEFAULT_RECYCLED_STAGE = 'Recycled';

export type FunnelBy = 'month' | 'quarter' | 'version' | 'source';

/** One stage of one group (group null: the funnel is not grouped). */
export interface StageTally {
  group: string | null;
  stage: string;
  /** Leads whose first entry into the stage in the window was not after recycling. */
  reached: number;
  /** Leads whose first entry in the window came after they had passed the recycled stage. */
  recycled: number;
  /** For each of the `reached` leads that went on to a later stage of the sequence: the milliseconds it took. */
  toNextMs: number[];
}

/** The handoffs created in the window and the answers recorded in it, of one group. */
export interface HandoffTally {
  group: string | null;
  total: number;
  onTime: number;
  /** Answered after the due time, or still open past it. */
  breached: number;
  open: number;
  /** Creation to first touch, of each touched handoff. */
  responseMs: number[];
  accepted: number;
  sentBack: number;
}

export interface FunnelTallies {
  stages: StageTally[];
  handoffs: HandoffTally[];
}

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

/** `2025-04` / `2025-Q2` of an epoch-ms time, in UTC. */
export function periodKey(ms: number, by: 'month' | 'quarter'): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return by === 'month' ? `${y}-${String(m + 1).padStart(2, '0')}` : `${y}-Q${Math.floor(m / 3) + 1}`;
}

/**
 * [fromMs, toMs) cut at UTC month or quarter boundaries, each piece with its periodKey: a
 * store tallies a grouped-by-period funnel one piece at a time.
 *
 * @example
 * periodRanges(Date.parse('2025-03-15'), Date.parse('2025-05-01'), 'month').map((r) => r.key) // ['2025-03', '2025-04']
 */
export function periodRanges(fromMs: number, toMs: number, by: 'month' | 'quarter'): { key: string; fromMs: number; toMs: number }[] {
  const out: { key: string; fromMs: number; toMs: number }[] = [];
  const step = by === 'month' ? 1 : 3;
  for (let a = fromMs; a < toMs;) {
    const d = new Date(a);
    const m = d.getUTCMonth();
    const b = Math.min(toMs, Date.UTC(d.getUTCFullYear(), m - (m % step) + step, 1));
    out.push({ key: periodKey(a, by), fromMs: a, toMs: b });
    a = b;
  }
  return out;
}

export interface TallyInput {
  entries: FunnelEntry[];
  handoffs: FunnelHandoffRow[];
  answers: FunnelAnswer[];
  /** Open handoffs due before this are breached. */
  now: number;
  by?: FunnelBy;
  /** The lead's source (`by: 'source'`). */
  sourceOf?: (leadId: string) => string | undefined;
}

/**
 * The tallies of a window's rows, one row at a time: each entry counted in its group as
 * reached or recycled, with its time to the next stage; each handoff as on time, breached
 * or open at `now`; each answer as accepted or sent back.
 */
export function tallyEntries(input: TallyInput): FunnelTallies {
  const { by } = input;
  const keyOf = (leadId: string, at: number, version: number): string | null => {
    if (!by) return null;
    if (by === 'month' || by === 'quarter') return periodKey(at, by);
    if (by === 'version') return `v${version}`;
    return input.sourceOf?.(leadId) ?? '(none)';
  };
  const stages = new Map<string, StageTally>();
  for (const e of input.entries) {
    const group = keyOf(e.leadId, e.at, e.version);
    const k = `${group}\u0000${e.stage}`;
    const t = stages.get(k) ?? stages.set(k, { group, stage: e.stage, reached: 0, recycled: 0, toNextMs: [] }).get(k) as StageTally;
    if (e.recycled) t.recycled++;
    else {
      t.reached++;
      if (e.nextAt !== null) t.toNextMs.push(e.nextAt - e.at);
    }
  }
  const handoffs = new Map<string | null, HandoffTally>();
  const handoff = (group: string | null) => handoffs.get(group) ?? handoffs.set(group, { group, total: 0, onTime: 0, breached: 0, open: 0, responseMs: [], accepted: 0, sentBack: 0 }).get(group) as HandoffTally;
  for (const h of input.handoffs) {
    const t = handoff(keyOf(h.leadId, h.createdAt, h.version));
    t.total++;
    if (h.touchedAt === null) {
      if (h.dueAt < input.now) t.breached++;
      else t.open++;
      continue;
    }
    t.responseMs.push(h.touchedAt - h.createdAt);
    if (h.touchedAt <= h.dueAt) t.onTime++;
    else t.breached++;
  }
  for (const a of input.answers) {
    const t = handoff(keyOf(a.leadId, a.at, a.version));
    if (a.answer === 'accepted') t.accepted++;
    else t.sentBack++;
  }
  return { stages: [...stages.values()], handoffs: [...handoffs.values()] };
}
