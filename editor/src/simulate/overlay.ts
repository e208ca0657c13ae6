// A simulation report seen from the canvas: a count per drawn edge and per node, so the
// projector can label edges and size them by share without knowing the report's shape.
import type { Flow } from '@sluice/schemas';
import type { SimulationReport } from '@sluice/sdk';

export interface NodeCount {
  /** Leads that entered the node. */
  entered: number;
  /** Leads whose evaluation ended here: an outcome, or a gate whose reject port is open. */
  ended: number;
}

export interface SimulationView {
  leads: number;
  /** Per flow edge id: leads that took it. */
  edges: ReadonlyMap<string, number>;
  nodes: ReadonlyMap<string, NodeCount>;
  /** The flow changed since these counts were made; a new run is on its way. */
  stale: boolean;
}

/**
 * The counts of a report, keyed the way the canvas draws them (report edges are `source.port`,
 * drawn edges have their own ids).
 *
 * @example
 * simulationView(flow, report).edges.get('icp-pass-intent') // 4711
 */
export function simulationView(flow: Pick<Flow, 'nodes' | 'edges'>, report: Pick<SimulationReport, 'leads' | 'edges' | 'nodes' | 'outcomes'>): SimulationView {
  const edges = new Map<string, number>();
  for (const e of flow.edges) edges.set(e.id, own(report.edges, `${e.source}.${e.sourcePort}`) ?? 0);
  const nodes = new Map<string, NodeCount>();
  for (const n of flow.nodes) nodes.set(n.id, { entered: own(report.nodes, n.id)?.entered ?? 0, ended: own(report.outcomes, n.id) ?? 0 });
  return { leads: report.leads, edges, nodes, stale: false };
}

// Node ids come from the user's flow: never read an inherited property such as "constructor".
function own<T>(o: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

// One formatter: toLocaleString builds a new one per call, which shows in a profile of a redraw.
const THOUSANDS = new Intl.NumberFormat('en-US');

/** Thousands separators, the same in every locale the test runs in. */
export function count(n: number): string {
  return THOUSANDS.format(n);
}

/** A share as a short percentage: 0.4567 → "45.7%", tiny shares keep a digit. */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '—';
  const p = (part / whole) * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** Stroke width for an edge carrying `share` (0..1) of all leads: 1.5 px empty, 12 px all. */
export function edgeWidth(share: number): number {
  return 1.5 + 10.5 * Math.min(1, Math.max(0, share));
}

/** The defined counts of a report map, as entries (generated types allow undefined values). */
export function countEntries(o: Readonly<Record<string, number | undefined>> | null | undefined): [string, number][] {
  const out: [string, number][] = [];
  if (o) for (const [k, v] of Object.entries(o)) if (typeof v === 'number') out.push([k, v]);
  return out;
}
