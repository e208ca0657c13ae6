// Which edges a test run lit up: the edges between consecutive nodes of result.path,
// through the port the trace says was taken when two edges join the same pair.
import type { EvaluationResult, FlowEdge } from '@sluice/schemas';

/**
 * Ids of the edges the lead travelled.
 *
 * @example
 * pathEdges(flow.edges, result) // Set { 'start.next->icp', 'icp.pass->fit' }
 */
export function pathEdges(edges: readonly FlowEdge[], result: Pick<EvaluationResult, 'path' | 'trace'>): Set<string> {
  const out = new Set<string>();
  const portOf = new Map((result.trace ?? []).map((s) => [s.nodeId, s.port]));
  for (let i = 0; i + 1 < result.path.length; i++) {
    const from = result.path[i] as string;
    const to = result.path[i + 1] as string;
    const candidates = edges.filter((e) => e.source === from && e.target === to);
    const port = portOf.get(from);
    const hit = candidates.find((e) => e.sourcePort === port) ?? candidates[0];
    if (hit) out.add(hit.id);
  }
  return out;
}
