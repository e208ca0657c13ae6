// Pure operations on a flow document. Every function returns a new flow and leaves the
// old one untouched, so the history can keep old flows as they are.
import type { Flow, FlowEdge, FlowNode, NodeKind } from '@sluice/schemas';

/** A connection being drawn: from a node's out-port to another node. */
export interface Connection {
  source: string;
  sourcePort: string;
  target: string;
}

/** A node id not used in the flow yet, e.g. `gate3`. */
export function freshNodeId(flow: Pick<Flow, 'nodes'>, kind: string, taken: ReadonlySet<string> = new Set()): string {
  const used = new Set(flow.nodes.map((n) => n.id));
  for (let i = 1; ; i++) {
    const id = `${kind}${i}`;
    if (!used.has(id) && !taken.has(id)) return id;
  }
}

/** The id an edge from `source`'s `port` gets: one edge per port, so it is unique. */
export function edgeId(source: string, port: string, target: string): string {
  return `${source}.${port}->${target}`;
}

export function addNode(flow: Flow, node: FlowNode): Flow {
  return { ...flow, nodes: [...flow.nodes, node] };
}

/** A new node of a kind with the given config at a position. */
export function makeNode(flow: Flow, kind: NodeKind, config: unknown, position: { x: number; y: number }): FlowNode {
  return { id: freshNodeId(flow, kind), kind, config, position: round(position) } as FlowNode;
}

export function connect(flow: Flow, c: Connection): Flow {
  const edge: FlowEdge = { id: edgeId(c.source, c.sourcePort, c.target), source: c.source, sourcePort: c.sourcePort, target: c.target };
  return { ...flow, edges: [...flow.edges, edge] };
}

/** Removes nodes (with every edge touching them) and edges. */
export function removeElements(flow: Flow, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): Flow {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  if (nodes.size === 0 && edges.size === 0) return flow;
  return {
    ...flow,
    nodes: flow.nodes.filter((n) => !nodes.has(n.id)),
    edges: flow.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
}

/** Moves nodes; unchanged nodes keep their identity (cheap re-render of big flows). */
export function moveNodes(flow: Flow, positions: ReadonlyMap<string, { x: number; y: number }>): Flow {
  if (positions.size === 0) return flow;
  return {
    ...flow,
    nodes: flow.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? ({ ...n, position: round(p) } as FlowNode) : n;
    }),
  };
}

/** Replaces one node through a function of it. */
export function updateNode(flow: Flow, id: string, fn: (n: FlowNode) => FlowNode): Flow {
  return { ...flow, nodes: flow.nodes.map((n) => (n.id === id ? fn(n) : n)) };
}

/** Renames a node and rewires its edges. Returns the flow unchanged when the id is taken. */
export function renameNode(flow: Flow, from: string, to: string): Flow {
  if (from === to || flow.nodes.some((n) => n.id === to)) return flow;
  return {
    ...flow,
    nodes: flow.nodes.map((n) => (n.id === from ? ({ ...n, id: to } as FlowNode) : n)),
    edges: flow.edges.map((e) =>
      e.source === from || e.target === from
        ? (() => {
            const source = e.source === from ? to : e.source;
            const target = e.target === from ? to : e.target;
            return { ...e, id: edgeId(source, e.sourcePort, target), source, target };
          })()
        : e,
    ),
  };
}

function round(p: { x: number; y: number }): { x: number; y: number } {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

/** Whether `next` differs from `prev` only in node positions (nothing to re-validate). */
export function onlyMoved(prev: Flow, next: Flow): boolean {
  if (prev === next) return true;
  if (prev.edges !== next.edges || prev.nodes.length !== next.nodes.length) return false;
  const { nodes: _a, ...restPrev } = prev;
  const { nodes: _b, ...restNext } = next;
  for (const k of new Set([...Object.keys(restPrev), ...Object.keys(restNext)])) {
    if ((restPrev as Record<string, unknown>)[k] !== (restNext as Record<string, unknown>)[k]) return false;
  }
  return next.nodes.every((n, i) => {
    const p = prev.nodes[i];
    return p === n || (p !== undefined && p.id === n.id && p.kind === n.kind && p.config === n.config && p.label === n.label && p.description === n.description);
  });
}
