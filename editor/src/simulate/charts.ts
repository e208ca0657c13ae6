// Report → what the panel's charts draw: the waterfall of gates, the stage bars, the grade
// matrix. Plain functions, tested without React.
import type { RuleSet, SimulationReport } from '@sluice/schemas';

export interface FunnelStep {
  nodeId: string;
  label: string;
  kind: 'gate' | 'checklist';
  entered: number;
  passed: number;
  rejected: number;
  /** The gate's reason code; for a checklist, the items that failed most, with counts. */
  reason: string;
  /** Port whose leads the reject bar lists (`reject` or `fail`). */
  rejectPort: string;
  failedItems: { item: string; failed: number }[];
}

const num = (o: Record<string, number | undefined>, k: string): number => (Object.hasOwn(o, k) ? (o[k] ?? 0) : 0);

/**
 * Gates and checklists in evaluation order, each with the leads that reached it, passed it and
 * were turned away — the waterfall ops read first.
 *
 * @example
 * funnel(ruleSet, report)[0] // { nodeId: 'icp', entered: 10000, passed: 5200, rejected: 4800, reason: 'not_icp_fit', ... }
 */
export function funnel(ruleSet: RuleSet, report: Pick<SimulationReport, 'nodes' | 'edges' | 'checklists'>): FunnelStep[] {
  const out: FunnelStep[] = [];
  for (const n of ruleSet.nodes) {
    if (n.kind !== 'gate' && n.kind !== 'checklist') continue;
    const entered = Object.hasOwn(report.nodes, n.id) ? (report.nodes[n.id]?.entered ?? 0) : 0;
    const rejectPort = n.kind === 'gate' ? 'reject' : 'fail';
    const items = Object.hasOwn(report.checklists, n.id) ? (report.checklists[n.id] ?? {}) : {};
    const failedItems = Object.entries(items).map(([item, c]) => ({ item, failed: c?.failed ?? 0 })).filter((x) => x.failed > 0).sort((a, b) => b.failed - a.failed);
    out.push({
      nodeId: n.id,
      label: n.label ?? n.id,
      kind: n.kind,
      entered,
      passed: num(report.edges, `${n.id}.pass`),
      rejected: num(report.edges, `${n.id}.${rejectPort}`),
      reason: n.kind === 'gate' ? n.config.reason : `fewer than ${n.config.min} of ${n.config.items.length}`,
      rejectPort,
      failedItems,
    });
  }
  return out;
}

/**
 * Stages with their counts, in the rule set's own order (reject stage last), then any other
 * stage the report has.
 *
 * @example
 * stageRows(ruleSet, report) // [{ stage: 'SQL', count: 812 }, ..., { stage: 'Rejected', count: 5120 }]
 */
export function stageRows(ruleSet: Pick<RuleSet, 'stages' | 'rejectStage'>, report: Pick<SimulationReport, 'stages'>): { stage: string; count: number }[] {
  const order = [...ruleSet.stages.filter((s) => s !== ruleSet.rejectStage), ruleSet.rejectStage];
  for (const s of Object.keys(report.stages)) if (!order.includes(s)) order.push(s);
  return order.map((stage) => ({ stage, count: num(report.stages, stage) }));
}

export interface GradeMatrix {
  rows: string[];
  cols: string[];
  /** cells[row][col]; grades that do not split into letter + number are listed in `other`. */
  cells: number[][];
  other: { grade: string; count: number }[];
  max: number;
}

/**
 * The grade counts as a matrix: "A1".."D4" become rows A–D (fit) and columns 1–4 (engagement).
 *
 * @example
 * gradeMatrix({ A1: 3, B2: 1 }).cells // [[3, 0], [0, 1]]
 */
export function gradeMatrix(grades: Record<string, number>): GradeMatrix {
  const split = new Map<string, [string, string]>();
  const other: GradeMatrix['other'] = [];
  for (const [g, c] of Object.entries(grades)) {
    const m = /^([A-Za-z]+)(\d+)$/.exec(g);
    if (m) split.set(g, [m[1] as string, m[2] as string]);
    else other.push({ grade: g, count: c });
  }
  const rows = [...new Set([...split.values()].map(([r]) => r))].sort();
  const cols = [...new Set([...split.values()].map(([, c]) => c))].sort((a, b) => Number(a) - Number(b));
  const cells = rows.map(() => cols.map(() => 0));
  let max = 0;
  for (const [g, [r, c]] of split) {
    const v = grades[g] ?? 0;
    (cells[rows.indexOf(r)] as number[])[cols.indexOf(c)] = v;
    max = Math.max(max, v);
  }
  for (const o of other) max = Math.max(max, o.count);
  return { rows, cols, cells, other: other.sort((a, b) => a.grade.localeCompare(b.grade)), max };
}

/** A heat-map colour from white to deep blue for `v` of `max`. */
export function heat(v: number, max: number): string {
  const t = max > 0 ? v / max : 0;
  return `hsl(217 ${Math.round(30 + 60 * t)}% ${Math.round(97 - 55 * t)}%)`;
}
