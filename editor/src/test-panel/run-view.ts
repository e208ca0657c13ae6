// What each node shows after a test run: its trace summary, its points, passed or rejected.
import type { EvaluationResult } from '@sluice/schemas';

export interface NodeRun {
  status: 'passed' | 'rejected' | 'visited' | 'outcome';
  summary: string;
  /** Signed points per score, e.g. "+15 fit". */
  points: string[];
}

function signed(n: number): string {
  const r = Math.round(n * 100) / 100;
  return `${r >= 0 ? '+' : ''}${r}`;
}

/**
 * Per-node results of a run, from result.trace (or just the path when there is no trace).
 *
 * @example
 * nodeRuns(result).get('icp') // { status: 'passed', summary: 'pass', points: [] }
 */
export function nodeRuns(result: EvaluationResult): Map<string, NodeRun> {
  const out = new Map<string, NodeRun>();
  for (const id of result.path) out.set(id, { status: 'visited', summary: '', points: [] });
  for (const step of result.trace ?? []) {
    const totals = new Map<string, number>();
    for (const c of step.contributions ?? []) totals.set(c.score, (totals.get(c.score) ?? 0) + c.points);
    let status: NodeRun['status'] = 'visited';
    if (step.kind === 'outcome') status = 'outcome';
    else if (result.rejected?.nodeId === step.nodeId) status = 'rejected';
    else if (step.kind === 'gate' || step.kind === 'checklist') status = step.port === 'reject' || step.port === 'fail' ? 'rejected' : 'passed';
    out.set(step.nodeId, { status, summary: step.summary, points: [...totals].map(([s, p]) => `${signed(p)} ${s}`) });
  }
  return out;
}
