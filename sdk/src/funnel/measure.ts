// The measured funnel, from tallies the store has already made of the window (tally.ts): per
// stage, the leads that reached it, those that came back through recycling, how many went on
// and how fast; the handoffs' SLA figures; the same per group. Pure, so the runtime's answer
// can be checked by hand in tests; the API, the CLI and the editor all show this one computation.
import type { FunnelGroup, FunnelHandoffs, FunnelStage } from '@sluice/schemas';
import type { FunnelBy, FunnelTallies, HandoffTally, StageTally } from './tally.js';

export interface MeasureInput {
  tallies: FunnelTallies;
  sequence: readonly string[];
  /** How the tallies' groups were made (orders the groups: versions by number, the rest by name). */
  by?: FunnelBy;
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
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  const v = s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
  return Math.round(v * 100) / 100;
}

const rate = (part: number, whole: number) => Math.round((part / whole) * 10_000) / 10_000;

function stagesOf(tallies: StageTally[], order: string[], sequence: readonly string[]): FunnelStage[] {
  const by = new Map<string, StageTally[]>();
  for (const t of tallies) (by.get(t.stage) ?? by.set(t.stage, []).get(t.stage) as StageTally[]).push(t);
  return order.map((stage) => {
    const list = by.get(stage) ?? [];
    const i = sequence.indexOf(stage);
    const next = i >= 0 && i < sequence.length - 1 ? (sequence[i + 1] as string) : null;
    let reached = 0;
    let recycled = 0;
    const days: number[] = [];
    for (const t of list) {
      reached += t.reached;
      recycled += t.recycled;
      for (const ms of t.toNextMs) days.push(ms / DAY);
    }
    return {
      stage,
      planned: i >= 0,
      next,
      reached,
      recycled,
      convertedToNext: next === null ? null : days.length,
      conversion: next === null || reached === 0 ? null : rate(days.length, reached),
      medianDaysToNext: next === null ? null : median(days),
    };
  });
}

function handoffsOf(tallies: HandoffTally[]): FunnelHandoffs {
  const sum = (f: (t: HandoffTally) => number) => tallies.reduce((n, t) => n + f(t), 0);
  const accepted = sum((t) => t.accepted);
  const answers = accepted + sum((t) => t.sentBack);
  return {
    total: sum((t) => t.total), onTime: sum((t) => t.onTime), breached: sum((t) => t.breached), open: sum((t) => t.open),
    medianResponseHours: median(tallies.flatMap((t) => t.responseMs.map((ms) => ms / HOUR))),
    accepted, sentBack: answers - accepted, acceptanceRate: answers ? rate(accepted, answers) : null,
  };
}

/**
 * The measured funnel: per stage, the distinct leads that entered it in the window
 * (`reached`; those that came back through recycling counted apart in `recycled`), how many
 * of them went on to the sequence's next stage or a later one, the conversion and the
 * median days; the handoffs' SLA figures; and the same per group when the tallies are grouped.
 * Planned stages are listed in sequence order even when nobody reached them; other stages
 * seen follow, by name.
 *
 * @example
 * measureFunnel({ tallies: { stages: [{ group: null, stage: 'Lead', reached: 3, recycled: 0, toNextMs: [4 * 86_400_000] }], handoffs: [] }, sequence: ['Lead', 'MQL'] }).stages[0]
 * // { stage: 'Lead', planned: true, next: 'MQL', reached: 3, recycled: 0, convertedToNext: 1, conversion: 0.3333, medianDaysToNext: 4 }
 */
export function measureFunnel(input: MeasureInput): Measured {
  const { tallies, sequence, by } = input;
  const seen = tallies.stages.filter((t) => t.reached + t.recycled > 0).map((t) => t.stage);
  const order = [...sequence, ...[...new Set(seen.filter((s) => !sequence.includes(s)))].sort()];
  const out: Measured = { stages: stagesOf(tallies.stages, order, sequence), handoffs: handoffsOf(tallies.handoffs), groups: [] };
  if (!by) return out;
  const keys = [...new Set([...tallies.stages, ...tallies.handoffs].map((t) => t.group ?? '(none)'))];
  keys.sort((a, b) => (by === 'version' ? Number(a.slice(1)) - Number(b.slice(1)) : a < b ? -1 : a > b ? 1 : 0));
  out.groups = keys.map((key) => ({
    key,
    stages: stagesOf(tallies.stages.filter((t) => (t.group ?? '(none)') === key), order, sequence),
    handoffs: handoffsOf(tallies.handoffs.filter((t) => (t.group ?? '(none)') === key)),
  }));
  return out;
}
