// Where a failing case's path parts from the one it expected: the node the lead left by
// another way. Expected paths come from the case (`expect.path`) or, when it only names an
// outcome, from the flow: the last node on the actual path that still leads to that outcome.
import type { CaseReport } from '../engine.js';
import type { Case, Flow } from '@sluice/schemas';
import { reaches } from '../graph/connections.js';

function expectedPath(expected: unknown): string[] | null {
  const p = (expected as { path?: unknown } | null)?.path;
  return Array.isArray(p) && p.every((x) => typeof x === 'string') ? (p as string[]) : null;
}

function expectedOutcome(expected: unknown): string | null {
  const o = (expected as { outcome?: { nodeId?: unknown } } | null)?.outcome;
  return typeof o?.nodeId === 'string' ? o.nodeId : null;
}

/**
 * The node where the lead's path left the expected one, or null when the paths agree (the
 * case failed on values, not on the way taken) or nothing says where it should have gone.
 *
 * @example
 * partingNode(flow, { outcome: { nodeId: 'sql' } }, ['start', 'icp', 'nurture']) // 'icp'
 */
export function partingNode(flow: Pick<Flow, 'edges'>, expected: unknown, actual: readonly string[]): string | null {
  const path = expectedPath(expected);
  if (path) {
    const n = Math.min(path.length, actual.length);
    let i = 0;
    while (i < n && path[i] === actual[i]) i++;
    if (i === path.length && i === actual.length) return null;
    return actual[Math.max(0, i - 1)] ?? null;
  }
  const target = expectedOutcome(expected);
  if (!target || actual.includes(target)) return null;
  for (let i = actual.length - 1; i >= 0; i--) {
    if (reaches(flow, actual[i] as string, target)) return actual[i] as string;
  }
  return null;
}

/**
 * The failing cases by the node where their paths part, for marks on the canvas.
 *
 * @example
 * partings(flow, file.cases, runCases(ruleSet, file)).get('icp') // ['VP with budget']
 */
export function partings(flow: Pick<Flow, 'edges'>, cases: readonly Case[], reports: readonly CaseReport[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [i, r] of reports.entries()) {
    if (r.pass) continue;
    const at = partingNode(flow, cases[i]?.expect, r.result.path);
    if (at) out.set(at, [...(out.get(at) ?? []), r.name]);
  }
  return out;
}
