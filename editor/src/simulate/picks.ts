// A count the user clicked → which leads it stands for: the sample indexes the report kept
// for that edge, node, outcome or stage, and a title for the list.
import type { Flow, RuleSet, SimulationReport } from '@sluice/schemas';
import { count } from './overlay.js';

/** What was clicked: a drawn edge, a node, a port of a node (a gate's reject), or a stage. */
export type CountPick =
  | { kind: 'edge'; id: string }
  | { kind: 'node'; id: string }
  | { kind: 'port'; node: string; port: string }
  | { kind: 'stage'; stage: string };

export interface PickedLeads {
  title: string;
  /** Leads the count stands for, all of them. */
  total: number;
  /** Indexes the report kept (the first ones, in input order). */
  indices: number[];
}

const list = (o: Record<string, number[] | undefined> | undefined, k: string): number[] => (o && Object.hasOwn(o, k) ? (o[k] ?? []) : []);
const num = (o: Record<string, number | undefined>, k: string): number => (Object.hasOwn(o, k) ? (o[k] ?? 0) : 0);

/**
 * The leads behind a clicked count, or null when the pick names nothing in this flow.
 *
 * @example
 * pickedLeads({ kind: 'edge', id: 'icp-pass-intent' }, flow, ruleSet, report) // { title: 'icp → pass: 5,200 leads', total: 5200, indices: [0, 3, ...] }
 */
export function pickedLeads(pick: CountPick, flow: Pick<Flow, 'edges' | 'nodes'>, ruleSet: Pick<RuleSet, 'nodes' | 'rejectStage'>, report: SimulationReport): PickedLeads | null {
  const s = report.samples;
  const name = (id: string) => flow.nodes.find((n) => n.id === id)?.label ?? id;
  switch (pick.kind) {
    case 'edge': {
      const e = flow.edges.find((x) => x.id === pick.id);
      if (!e) return null;
      const key = `${e.source}.${e.sourcePort}`;
      const total = num(report.edges, key);
      return { title: `${name(e.source)} → ${e.sourcePort} → ${name(e.target)}: ${count(total)} leads`, total, indices: list(s?.edges, key) };
    }
    case 'port': {
      const key = `${pick.node}.${pick.port}`;
      const total = num(report.edges, key);
      return { title: `${name(pick.node)} → ${pick.port}: ${count(total)} leads`, total, indices: list(s?.edges, key) };
    }
    case 'node': {
      if (!Object.hasOwn(report.nodes, pick.id)) return null;
      const total = report.nodes[pick.id]?.entered ?? 0;
      return { title: `${name(pick.id)}: ${count(total)} leads entered`, total, indices: list(s?.nodes, pick.id) };
    }
    case 'stage': {
      // A stage is reached at outcome nodes of that stage, and (the reject stage) at open reject ports.
      const ends = ruleSet.nodes.filter((n) => (n.kind === 'outcome' ? n.config.stage === pick.stage : pick.stage === ruleSet.rejectStage && Object.hasOwn(report.outcomes, n.id)));
      const indices = [...new Set(ends.flatMap((n) => list(s?.outcomes, n.id)))].sort((a, b) => a - b);
      const total = num(report.stages, pick.stage);
      return { title: `${pick.stage}: ${count(total)} leads`, total, indices };
    }
  }
}
