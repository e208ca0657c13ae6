import { useCallback, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background, ReactFlow, useReactFlow,
  type Connection as XyConnection, type Edge, type EdgeChange, type IsValidConnection, type NodeChange, type OnConnectEnd,
} from '@xyflow/react';
import type { NodeKind } from '@sluice/schemas';
import { connectionError } from '../graph/connections.js';
import { connect, moveNodes } from '../graph/ops.js';
import { pathEdges } from '../graph/path.js';
import { useActions, useEditor, useEditorStore } from '../store/provider.js';
import { nodeRuns } from '../test-panel/run-view.js';
import { useVersionView } from '../versions/context.js';
import { decorate } from '../versions/decorate.js';
import { ConnectionHint, refusal } from './ConnectionHint.js';
import { CountEdge } from './CountEdge.js';
import { FlowNodeView } from './FlowNodeView.js';
import { createProjector, type XyNode } from './project.js';
import { addNodeAt, measuredSizes } from './add-node.js';
import { useReadableView } from './use-readable-view.js';
import { ZoomTier } from './ZoomTier.js';

const nodeTypes = { sluice: FlowNodeView };
const edgeTypes = { count: CountEdge };
export const PALETTE_MIME = 'application/x-sluice-kind';

function toConn(c: XyConnection | Edge) {
  return { source: c.source, sourcePort: c.sourceHandle ?? '', target: c.target };
}

export function Canvas() {
  const store = useEditorStore();
  const actions = useActions();
  const flow = useEditor((s) => s.history.present);
  const selection = useEditor((s) => s.selection);
  const issues = useEditor((s) => s.issues);
  const result = useEditor((s) => s.result);
  const partings = useEditor((s) => s.partings);
  const sim = useEditor((s) => s.simulation);
  const { screenToFlowPosition, getNodes } = useReactFlow();
  const readable = useReadableView();
  const project = useRef(createProjector()).current;
  const [sizes, setSizes] = useState<ReadonlyMap<string, { width: number; height: number }>>(new Map());

  const issuesByNode = useMemo(() => {
    const m = new Map<string, typeof issues>();
    for (const i of issues) if (i.nodeId) m.set(i.nodeId, [...(m.get(i.nodeId) ?? []), i]);
    return m;
  }, [issues]);
  const runs = useMemo(() => (result ? nodeRuns(result) : null), [result]);
  const lit = useMemo(() => (result ? pathEdges(flow.edges, result) : new Set<string>()), [flow.edges, result]);
  const selNodes = useMemo(() => new Set(selection.nodes), [selection.nodes]);
  const selEdges = useMemo(() => new Set(selection.edges), [selection.edges]);
  const { nodes, edges } = useMemo(
    () => project({ flow, selectedNodes: selNodes, selectedEdges: selEdges, issuesByNode, runs, litEdges: lit, partings, sizes, sim }),
    [project, flow, selNodes, selEdges, issuesByNode, runs, lit, partings, sizes, sim],
  );
  // A published version is looked at, not edited; a comparison marks what differs.
  const readOnly = useEditor((s) => s.meta.readOnlyVersion !== undefined);
  const { marks } = useVersionView();
  const shown = useMemo(() => decorate(nodes, edges, marks), [nodes, edges, marks]);

  const onNodesChange = useCallback(
    (changes: NodeChange<XyNode>[]) => {
      const moved = new Map<string, { x: number; y: number }>();
      let sel: Set<string> | null = null;
      let measured: Map<string, { width: number; height: number }> | null = null;
      for (const c of changes) {
        if (c.type === 'position' && c.position) moved.set(c.id, c.position);
        if (c.type === 'dimensions' && c.dimensions) (measured ??= new Map()).set(c.id, c.dimensions);
        if (c.type === 'select') {
          sel ??= new Set(store.getState().selection.nodes);
          if (c.selected) sel.add(c.id);
          else sel.delete(c.id);
        }
      }
      // Moves during a drag are one undo entry: the gesture began at drag start.
      if (moved.size > 0) actions.change((f) => moveNodes(f, moved));
      if (sel) actions.select({ nodes: [...sel] });
      if (measured) {
        const m = measured;
        setSizes((old) => {
          const next = new Map(old);
          for (const [id, d] of m) next.set(id, d);
          return next;
        });
      }
    },
    [actions, store],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      let sel: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === 'select') {
          sel ??= new Set(store.getState().selection.edges);
          if (c.selected) sel.add(c.id);
          else sel.delete(c.id);
        }
      }
      if (sel) actions.select({ edges: [...sel] });
    },
    [actions, store],
  );
  const isValidConnection: IsValidConnection = useCallback(
    (c) => connectionError(store.getState().history.present, toConn(c)) === null,
    [store],
  );
  const onConnect = useCallback(
    (c: XyConnection) => {
      const conn = toConn(c);
      if (connectionError(store.getState().history.present, conn) === null) actions.change((f) => connect(f, conn));
    },
    [actions, store],
  );
  // A wire dropped on a port that refuses it: the reason stays at the drop point a moment.
  const [dropped, setDropped] = useState<{ message: string; x: number; y: number; at: number } | null>(null);
  const onConnectEnd: OnConnectEnd = useCallback(
    (_e, c) => {
      const message = refusal(store.getState().history.present, c);
      setDropped(message && c.pointer ? { message, x: c.pointer.x, y: c.pointer.y, at: Date.now() } : null);
    },
    [store],
  );
  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(PALETTE_MIME) as NodeKind;
      if (!kind || store.getState().meta.readOnlyVersion !== undefined) return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      // Under the pointer, or as near as it can be without covering another node.
      addNodeAt(store, kind, { x: p.x - 120, y: p.y - 30 }, measuredSizes(getNodes()));
    },
    [getNodes, screenToFlowPosition, store],
  );

  return (
    <div className="canvas" data-testid="canvas" onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }} onDrop={onDrop}>
      <ReactFlow<XyNode>
        nodes={shown.nodes}
        edges={shown.edges}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={() => actions.beginGesture()}
        onNodeDragStop={() => actions.endGesture()}
        onSelectionDragStart={() => actions.beginGesture()}
        onSelectionDragStop={() => actions.endGesture()}
        onPaneClick={() => actions.select({ nodes: [], edges: [] })}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        onInit={() => requestAnimationFrame(() => readable())}
        minZoom={0.1}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        onlyRenderVisibleElements
      >
        <Background gap={20} />
        <ConnectionHint dropped={dropped} />
        <ZoomTier />
      </ReactFlow>
    </div>
  );
}
