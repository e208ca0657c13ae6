// All problems at once. The engine's compile stops at the schema check: a flow with one
// mistyped number lists that number and nothing else, and the user fixes problems one
// compile at a time. Here the parts the schema refused are set aside (a node's config back
// to its kind's default, a bad edge or setting left out) and the rest is compiled again, so
// the wiring and field problems of every other node show at the same time.
import type { Flow, FlowNode } from '@sluice/schemas';
import { KINDS, specOf } from '../nodes/registry.js';

interface PathIssue {
  nodeId?: string;
  path: string;
}

const NODE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
// Top-level settings the flow can do without; `name` is required, so it gets a stand-in.
const OPTIONAL = new Set(['description', 'stages', 'scores', 'rejectStage', 'gradeVar', 'webhooks', 'version']);

/**
 * The flow with the parts named by schema issues replaced or left out, and the ids of the
 * nodes set aside (their own issues from a second compile are not theirs: their config is
 * a stand-in). Null when nothing could be set aside.
 *
 * @example
 * const r = setAside(flow, firstErrors);
 * if (r) secondErrors = compile(r.flow).errors.filter((e) => !r.nodes.has(e.nodeId ?? ''));
 */
export function setAside(flow: Flow, issues: readonly PathIssue[]): { flow: Flow; nodes: Set<string> } | null {
  const nodeIdx = new Set<number>();
  const edgeIdx = new Set<number>();
  const drop = new Set<string>();
  for (const i of issues) {
    const segs = i.path.split('/').slice(1);
    if (segs[0] === 'nodes' && segs[1] !== undefined && /^\d+$/.test(segs[1])) nodeIdx.add(Number(segs[1]));
    else if (segs[0] === 'edges' && segs[1] !== undefined && /^\d+$/.test(segs[1])) edgeIdx.add(Number(segs[1]));
    else if (segs[0] !== undefined && (OPTIONAL.has(segs[0]) || segs[0] === 'name')) drop.add(segs[0]);
    else return null; // the document's own shape is wrong: nothing to compile around
  }
  if (!Array.isArray(flow.nodes) || !Array.isArray(flow.edges)) return null;
  const aside = new Set<string>();
  const removed = new Set<string>();
  const nodes: FlowNode[] = [];
  flow.nodes.forEach((n, i) => {
    if (!nodeIdx.has(i)) return void nodes.push(n);
    const ok = typeof n === 'object' && n !== null && typeof n.id === 'string' && NODE_ID.test(n.id) && KINDS.includes(n.kind);
    if (!ok) {
      if (typeof n?.id === 'string') removed.add(n.id);
      return;
    }
    aside.add(n.id);
    const position = n.position && Number.isFinite(n.position.x) && Number.isFinite(n.position.y) ? { position: { x: n.position.x, y: n.position.y } } : {};
    nodes.push({ id: n.id, kind: n.kind, ...position, config: stillPorts(n, specOf(n.kind).defaultConfig()) } as FlowNode);
  });
  const edges = flow.edges.filter((e, i) => !edgeIdx.has(i) && !removed.has(e?.source) && !removed.has(e?.target));
  const rest: Record<string, unknown> = { ...flow, nodes, edges };
  for (const k of drop) delete rest[k];
  if (drop.has('name')) rest.name = 'Flow';
  return { flow: rest as unknown as Flow, nodes: new Set([...aside, ...removed]) };
}

/** A table's stand-in keeps the ports its edges leave from, so they are not reported as missing. */
function stillPorts(n: FlowNode, config: unknown): unknown {
  if (n.kind !== 'table') return config;
  const ports = (n.config as { ports?: unknown }).ports;
  const good = Array.isArray(ports) && ports.length > 0 && ports.every((p) => typeof p === 'string' && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(p));
  if (!good) return config;
  const c = config as { rows: { port?: string }[] };
  return { ...c, ports, rows: c.rows.map((r) => ({ ...r, port: ports[0] as string })) };
}
