// Flow document → xyflow nodes and edges. Objects are reused while their inputs are the
// same, so dragging one node of 300 re-renders one node.
import type { Edge, Node } from '@xyflow/react';
import type { Flow, FlowNode } from '@sluice/schemas';
import type { EditorIssue } from '../errors.js';
import type { NodeRun } from '../test-panel/run-view.js';
import { count, edgeWidth, percent, type NodeCount, type SimulationView } from '../simulate/overlay.js';

export interface NodeData extends Record<string, unknown> {
  node: FlowNode;
  issues: EditorIssue[];
  run: NodeRun | undefined;
  /** A run exists and this node is not on its path. */
  dimmed: boolean;
  /** Names of the failing cases whose path parts from the expected one at this node. */
  parts: string[] | undefined;
  /** Simulated counts at this node, and all leads simulated. */
  sim: (NodeCount & { leads: number; stale: boolean }) | undefined;
}

export type XyNode = Node<NodeData, 'sluice'>;

export interface ProjectInput {
  flow: Flow;
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  issuesByNode: ReadonlyMap<string, EditorIssue[]>;
  runs: ReadonlyMap<string, NodeRun> | null;
  litEdges: ReadonlySet<string>;
  partings: ReadonlyMap<string, string[]> | null;
  /** The last simulation's counts, drawn on nodes and edges. */
  sim: SimulationView | null;
  /** Sizes xyflow measured; handed back so the minimap and fitView know them. */
  sizes: ReadonlyMap<string, { width: number; height: number }>;
}

const NO_ISSUES: EditorIssue[] = [];

export function createProjector() {
  let nodeCache = new Map<string, XyNode>();
  let edgeCache = new Map<string, Edge>();
  let edgesFor: { edges: Flow['edges']; selected: ReadonlySet<string>; lit: ReadonlySet<string>; ran: boolean; sim: SimulationView | null } | null = null;
  let lastEdges: Edge[] = [];
  let simNodes = new Map<string, NodeData['sim']>();
  let simFor: SimulationView | null = null;
  return function project(p: ProjectInput): { nodes: XyNode[]; edges: Edge[] } {
    // One count object per node and simulation, so an unchanged node keeps its identity.
    if (p.sim !== simFor) {
      simFor = p.sim;
      simNodes = new Map();
      const sim = p.sim;
      if (sim) for (const [id, c] of sim.nodes) simNodes.set(id, { ...c, leads: sim.leads, stale: sim.stale });
    }
    const nextNodes = new Map<string, XyNode>();
    const nodes = p.flow.nodes.map((n) => {
      const selected = p.selectedNodes.has(n.id);
      const issues = p.issuesByNode.get(n.id) ?? NO_ISSUES;
      const run = p.runs?.get(n.id);
      const dimmed = p.runs !== null && run === undefined;
      const parts = p.partings?.get(n.id);
      const sim = simNodes.get(n.id);
      const measured = p.sizes.get(n.id);
      const old = nodeCache.get(n.id);
      const x: XyNode =
        old && old.data.node === n && old.selected === selected && old.data.issues === issues && old.data.run === run && old.data.dimmed === dimmed && old.data.parts === parts && old.data.sim === sim && old.measured === measured
          ? old
          : { id: n.id, type: 'sluice', position: n.position ?? { x: 0, y: 0 }, selected, data: { node: n, issues, run, dimmed, parts, sim }, ...(measured ? { measured } : {}) };
      nextNodes.set(n.id, x);
      return x;
    });
    // Moving a node leaves flow.edges as it was: hand xyflow the same array, or it rebuilds
    // its connection lookup for every edge on every pointer move of a drag.
    nodeCache = nextNodes;
    const ran = p.runs !== null;
    if (edgesFor && edgesFor.edges === p.flow.edges && edgesFor.selected === p.selectedEdges && edgesFor.lit === p.litEdges && edgesFor.ran === ran && edgesFor.sim === p.sim) {
      return { nodes, edges: lastEdges };
    }
    edgesFor = { edges: p.flow.edges, selected: p.selectedEdges, lit: p.litEdges, ran, sim: p.sim };
    const nextEdges = new Map<string, Edge>();
    const edges = p.flow.edges.map((e) => {
      const selected = p.selectedEdges.has(e.id);
      const lit = p.litEdges.has(e.id);
      const simCount = p.sim?.edges.get(e.id);
      const className = [lit ? 'lit' : p.runs ? 'dim' : '', simCount === undefined ? '' : `sim${simCount === 0 ? ' sim-zero' : ''}${p.sim?.stale ? ' sim-stale' : ''}`].join(' ').trim();
      const port = e.sourcePort === 'next' ? '' : e.sourcePort;
      const label = simCount === undefined || !p.sim ? port || undefined : `${port ? `${port} · ` : ''}${count(simCount)} (${percent(simCount, p.sim.leads)})`;
      const old = edgeCache.get(e.id);
      const x: Edge =
        old && old.source === e.source && old.target === e.target && old.sourceHandle === e.sourcePort && old.selected === selected && old.className === className && old.label === label && old.data?.sim === simCount
          ? old
          : {
              id: e.id, source: e.source, target: e.target, sourceHandle: e.sourcePort, targetHandle: 'in', selected, className, animated: lit, label,
              ...(simCount !== undefined ? { type: 'count' } : {}),
              data: { sim: simCount, stale: p.sim?.stale === true },
              // Width by share of all leads: where the leads go is visible before any label is read.
              ...(simCount !== undefined && p.sim ? { style: { strokeWidth: edgeWidth(p.sim.leads > 0 ? simCount / p.sim.leads : 0) } } : {}),
            };
      nextEdges.set(e.id, x);
      return x;
    });
    edgeCache = nextEdges;
    lastEdges = edges;
    return { nodes, edges };
  };
}
