import type { FlowEdge, FlowNode } from '@sluice/schemas';
import { NODE_SPECS } from './nodes/registry.js';
import type { Issue } from './types.js';

/** The graph of a flow that passed its schema: adjacency, and what is wrong with it. */
export interface Graph {
  startId: string | undefined;
  /** node id → port → target id */
  next: Map<string, Map<string, string>>;
  /** Reachable node ids in evaluation order (topological, stable in file order). */
  order: string[];
  issues: Issue[];
}

/**
 * Checks the drawing: one start node, unique ids, edges between existing nodes on real
 * ports, at most one edge per port, no cycles, every node reachable, every required port
 * connected. All problems are reported, each on the node it belongs to.
 */
export function analyseGraph(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): Graph {
  const issues: Issue[] = [];
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (index.has(n.id)) issues.push({ nodeId: n.id, path: `/nodes/${i}/id`, message: `node id ${n.id} is used twice` });
    else index.set(n.id, i);
  });
  const starts = nodes.filter((n) => n.kind === 'start');
  if (starts.length === 0) issues.push({ path: '/nodes', message: 'the flow needs a start node' });
  starts.slice(1).forEach((n) => issues.push({ nodeId: n.id, path: `/nodes/${index.get(n.id)}`, message: 'a flow has exactly one start node' }));
  const startId = starts[0]?.id;

  const next = new Map<string, Map<string, string>>(nodes.map((n) => [n.id, new Map()]));
  const edgeIds = new Set<string>();
  edges.forEach((e, i) => {
    const p = `/edges/${i}`;
    if (edgeIds.has(e.id)) issues.push({ path: `${p}/id`, message: `edge id ${e.id} is used twice` });
    edgeIds.add(e.id);
    const src = index.has(e.source) ? nodes[index.get(e.source)!] : undefined;
    const dst = index.has(e.target) ? nodes[index.get(e.target)!] : undefined;
    if (!src) return issues.push({ path: `${p}/source`, message: `no node has the id ${e.source}` });
    if (!dst) return issues.push({ nodeId: src.id, path: `${p}/target`, message: `no node has the id ${e.target}` });
    const ports = NODE_SPECS[src.kind].ports(src.config as never);
    if (!ports.includes(e.sourcePort)) {
      const has = ports.length ? `its ports are ${ports.join(', ')}` : 'it has no out-ports';
      return issues.push({ nodeId: src.id, path: `${p}/sourcePort`, message: `${src.kind} node ${src.id} has no port ${e.sourcePort}; ${has}` });
    }
    if (dst.kind === 'start') return issues.push({ nodeId: src.id, path: `${p}/target`, message: 'nothing may lead back into the start node' });
    if (e.source === e.target) return issues.push({ nodeId: src.id, path: p, message: 'a node cannot connect to itself' });
    const out = next.get(src.id)!;
    if (out.has(e.sourcePort)) return issues.push({ nodeId: src.id, path: p, message: `port ${e.sourcePort} of ${src.id} is connected twice` });
    out.set(e.sourcePort, e.target);
  });

  issues.push(...cycleIssues(nodes, index, next));
  const reachable = new Set<string>();
  const stack = startId ? [startId] : [];
  while (stack.length) {
    const id = stack.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    for (const t of next.get(id)?.values() ?? []) stack.push(t);
  }
  nodes.forEach((n, i) => {
    if (startId && !reachable.has(n.id)) issues.push({ nodeId: n.id, path: `/nodes/${i}`, message: 'is not reachable from the start node' });
    const spec = NODE_SPECS[n.kind];
    for (const port of spec.ports(n.config as never)) {
      if (!next.get(n.id)?.has(port) && !spec.optionalPorts?.includes(port)) {
        issues.push({ nodeId: n.id, path: `/nodes/${i}`, message: `port ${port} is not connected` });
      }
    }
  });
  return { startId, next, order: topoOrder(nodes, next, reachable), issues };
}

function cycleIssues(nodes: readonly FlowNode[], index: Map<string, number>, next: Map<string, Map<string, string>>): Issue[] {
  const issues: Issue[] = [];
  const state = new Map<string, 1 | 2>(); // 1 = on the current path, 2 = done
  const path: string[] = [];
  const visit = (id: string) => {
    state.set(id, 1);
    path.push(id);
    for (const t of next.get(id)?.values() ?? []) {
      if (state.get(t) === 1) {
        const loop = [...path.slice(path.indexOf(t)), t];
        issues.push({ nodeId: t, path: `/nodes/${index.get(t)}`, message: `is part of a cycle: ${loop.join(' → ')}` });
      } else if (!state.has(t)) visit(t);
    }
    path.pop();
    state.set(id, 2);
  };
  for (const n of nodes) if (!state.has(n.id)) visit(n.id);
  return issues;
}

function topoOrder(nodes: readonly FlowNode[], next: Map<string, Map<string, string>>, reachable: Set<string>): string[] {
  const indeg = new Map<string, number>();
  for (const n of nodes) if (reachable.has(n.id)) indeg.set(n.id, 0);
  for (const [src, out] of next) {
    if (!reachable.has(src)) continue;
    for (const t of out.values()) indeg.set(t, (indeg.get(t) ?? 0) + 1);
  }
  const order: string[] = [];
  const ready = nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const t of next.get(id)?.values() ?? []) {
      const d = indeg.get(t)! - 1;
      indeg.set(t, d);
      if (d === 0) ready.push(t);
    }
  }
  return order;
}
