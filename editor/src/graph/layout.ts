// Layered top-to-bottom layout of the waterfall (a small Sugiyama): longest-path layers,
// barycentre ordering, then each node placed under the middle of its parents.
import type { Flow } from '@sluice/schemas';

export interface LayoutOptions {
  /** Size of each node, when measured; defaults to `nodeWidth` × `nodeHeight`. */
  sizes?: ReadonlyMap<string, { width: number; height: number }>;
  nodeWidth?: number;
  nodeHeight?: number;
  gapX?: number;
  gapY?: number;
  /** Port display order per node, so `pass` lands left of `reject`. */
  portOrder?: (nodeId: string) => readonly string[];
}

type Graph = Pick<Flow, 'nodes' | 'edges'>;

/** Layer index of each node: the longest path from a node with no input. */
export function layers(flow: Graph): Map<string, number> {
  const ids = flow.nodes.map((n) => n.id);
  const known = new Set(ids);
  const edges = flow.edges.filter((e) => known.has(e.source) && known.has(e.target) && e.source !== e.target);
  const indeg = new Map(ids.map((id) => [id, 0]));
  for (const e of edges) indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
  const layer = new Map(ids.map((id) => [id, 0]));
  const queue = ids.filter((id) => indeg.get(id) === 0);
  const done = new Set<string>();
  while (queue.length > 0) {
    const id = queue.shift() as string;
    done.add(id);
    for (const e of edges) {
      if (e.source !== id) continue;
      layer.set(e.target, Math.max(layer.get(e.target) ?? 0, (layer.get(id) ?? 0) + 1));
      const d = (indeg.get(e.target) ?? 0) - 1;
      indeg.set(e.target, d);
      if (d === 0) queue.push(e.target);
    }
  }
  // Nodes on a cycle (the editor refuses them, but imports may have one) go below the rest.
  const deepest = Math.max(0, ...layer.values());
  for (const id of ids) if (!done.has(id)) layer.set(id, deepest + 1);
  return layer;
}

/**
 * Positions (top-left corners) for every node of the flow.
 *
 * @example
 * const positions = layout(flow); // Map { 'start' => { x: 0, y: 0 }, ... }
 */
export function layout(flow: Graph, opts: LayoutOptions = {}): Map<string, { x: number; y: number }> {
  const w = opts.nodeWidth ?? 240;
  const h = opts.nodeHeight ?? 110;
  const gapX = opts.gapX ?? 40;
  const gapY = opts.gapY ?? 70;
  const size = (id: string) => opts.sizes?.get(id) ?? { width: w, height: h };
  const layerOf = layers(flow);
  const depth = Math.max(-1, ...layerOf.values()) + 1;
  const rows: string[][] = Array.from({ length: depth }, () => []);
  // First order: depth-first from the roots following ports in display order.
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const e of flow.edges) {
    if (!layerOf.has(e.source) || !layerOf.has(e.target)) continue;
    parents.set(e.target, [...(parents.get(e.target) ?? []), e.source]);
    const order = opts.portOrder?.(e.source) ?? [];
    const list = [...(children.get(e.source) ?? []), e.target];
    const rank = (t: string) => {
      const edge = flow.edges.find((x) => x.source === e.source && x.target === t);
      const i = edge ? order.indexOf(edge.sourcePort) : -1;
      return i < 0 ? order.length : i;
    };
    children.set(e.source, list.sort((a, b) => rank(a) - rank(b)));
  }
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    rows[layerOf.get(id) ?? 0]?.push(id);
    for (const c of children.get(id) ?? []) visit(c);
  };
  for (const n of flow.nodes) if (!parents.has(n.id)) visit(n.id);
  for (const n of flow.nodes) visit(n.id);

  const pos = new Map<string, { x: number; y: number }>();
  let y = 0;
  for (const row of rows) {
    // Barycentre: keep the row in the order of its parents' positions.
    const want = new Map<string, number>();
    row.forEach((id, i) => {
      const centres = (parents.get(id) ?? []).flatMap((p) => {
        const at = pos.get(p);
        return at ? [at.x + size(p).width / 2] : [];
      });
      want.set(id, centres.length > 0 ? centres.reduce((s, c) => s + c, 0) / centres.length : i * (w + gapX));
    });
    const ordered = [...row].sort((a, b) => (want.get(a) ?? 0) - (want.get(b) ?? 0));
    const xs: number[] = [];
    ordered.forEach((id, i) => {
      const desired = (want.get(id) ?? 0) - size(id).width / 2;
      const prev = i > 0 ? (xs[i - 1] as number) + size(ordered[i - 1] as string).width + gapX : -Infinity;
      xs.push(Math.max(desired, prev));
    });
    // Pushing right drifts the row; shift it back by the mean drift.
    const drift = ordered.reduce((s, id, i) => s + (xs[i] as number) - ((want.get(id) ?? 0) - size(id).width / 2), 0) / Math.max(1, ordered.length);
    const rowHeight = Math.max(0, ...ordered.map((id) => size(id).height));
    ordered.forEach((id, i) => pos.set(id, { x: Math.round((xs[i] as number) - drift), y }));
    y += rowHeight + gapY;
  }
  return pos;
}
