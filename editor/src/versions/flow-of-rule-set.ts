// A published version is a rule set: the drawing's rules without its layout. To show one on
// the canvas (and to restore it as the draft) it is turned back into a flow: every rule is the
// version's own; where nodes stand, and their notes, come from a drawing that has them.
import type { Flow, FlowEdge, FlowNode, RuleSet } from '@sluice/schemas';
import { edgeId } from '../graph/ops.js';

type Point = { x: number; y: number };
/** What a rule set does not hold, per node id: position and the node's notes. */
export type Layout = ReadonlyMap<string, { position?: Point; description?: string }>;

// About one node face: new nodes are placed where they overlap none of these boxes.
const W = 260;
const H = 170;

/** Position and description of each node of `flows`, the first flow that has one winning. */
export function layoutOf(...flows: (Flow | null | undefined)[]): Map<string, { position?: Point; description?: string }> {
  const out = new Map<string, { position?: Point; description?: string }>();
  for (const f of flows) {
    for (const n of f?.nodes ?? []) {
      if (out.has(n.id)) continue;
      out.set(n.id, { ...(n.position ? { position: n.position } : {}), ...(n.description !== undefined ? { description: n.description } : {}) });
    }
  }
  return out;
}

/**
 * The flow of a published version: the version's nodes, rules, wiring and settings, standing
 * where `layout` puts them. A node `layout` does not know is placed below its first parent,
 * moved right until it overlaps no node (of this version or any other the layout knows). Compiling the result gives the version's hash again.
 *
 * @example
 * const v2 = flowOfRuleSet(await api.version('bant', 2), layoutOf(draft));
 */
export function flowOfRuleSet(rs: RuleSet, layout: Layout = new Map()): Flow {
  // Each node's edges in its children's evaluation order: the compiler breaks ties between
  // ready nodes by edge order, so this order compiles to the version's node order (and hash).
  const rank = new Map(rs.nodes.map((n, i) => [n.id, i]));
  const edges: FlowEdge[] = rs.nodes.flatMap((n) =>
    Object.entries(n.next)
      .sort(([, a], [, b]) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0))
      .map(([port, target]) => ({ id: edgeId(n.id, port, target), source: n.id, sourcePort: port, target })),
  );
  const placed = new Map<string, Point>();
  for (const n of rs.nodes) {
    const p = layout.get(n.id)?.position;
    if (p) placed.set(n.id, p);
  }
  // Every node the layout knows, this version's or not: in a comparison the other side's
  // nodes are drawn where they stand, so a placed node keeps clear of those too.
  const occupied = [...layout.values()].flatMap((l) => (l.position ? [l.position] : []));
  // Rule-set nodes are in evaluation order: a parent is always placed before its children.
  for (const n of rs.nodes) {
    if (placed.has(n.id)) continue;
    const parent = edges.find((e) => e.target === n.id && placed.has(e.source));
    const base = parent ? placed.get(parent.source)! : { x: Math.max(0, ...[...placed.values()].map((p) => p.x + W)), y: 0 };
    const at = parent ? { x: base.x, y: base.y + H } : base;
    while (occupied.some((p) => Math.abs(p.x - at.x) < W && Math.abs(p.y - at.y) < H)) at.x += W;
    placed.set(n.id, at);
    occupied.push(at);
  }
  const nodes = rs.nodes.map((n) => {
    const description = layout.get(n.id)?.description;
    return {
      id: n.id,
      kind: n.kind,
      ...(n.label !== undefined ? { label: n.label } : {}),
      ...(description !== undefined ? { description } : {}),
      position: placed.get(n.id)!,
      config: structuredClone(n.config),
    } as FlowNode;
  });
  return {
    schemaVersion: 1,
    id: rs.id,
    name: rs.name,
    ...(rs.description !== undefined ? { description: rs.description } : {}),
    version: rs.version,
    stages: [...rs.stages],
    rejectStage: rs.rejectStage,
    scores: structuredClone(rs.scores),
    gradeVar: rs.gradeVar,
    ...(rs.webhooks ? { webhooks: structuredClone(rs.webhooks) } : {}),
    nodes,
    edges,
  };
}
