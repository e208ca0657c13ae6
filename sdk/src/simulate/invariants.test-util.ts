// The simulation report's invariants, as test assertions shared by the SDK's unit tests and the
// cross-part template tests (not part of the package API).
import type { RuleSet, SimulationReport } from '@sluice/schemas';
import { expect } from 'vitest';

export const sum = (o: Record<string, number | undefined>) => Object.values(o).reduce<number>((a, b) => a + (b ?? 0), 0);

/** entered(start) = leads; entered(node) = the sum of the edges into it; leads = Σ outcomes = Σ stages. */
export function expectInvariants(rs: RuleSet, r: SimulationReport): void {
  expect(r.nodes[rs.entry]!.entered).toBe(r.leads);
  for (const node of rs.nodes) {
    if (node.id === rs.entry) continue;
    const incoming = rs.nodes.flatMap((s) => Object.entries(s.next).filter(([, t]) => t === node.id).map(([p]) => r.edges[`${s.id}.${p}`] ?? 0));
    expect(r.nodes[node.id]!.entered, node.id).toBe(incoming.reduce((a, b) => a + b, 0));
  }
  expect(sum(r.outcomes)).toBe(r.leads);
  expect(sum(r.stages)).toBe(r.leads);
}
