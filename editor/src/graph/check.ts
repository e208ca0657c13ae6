// Structural checks the editor makes itself, instantly and before the engine's compile:
// they name the node and port so the badge can say what to connect.
import type { Flow } from '@sluice/schemas';
import { issue, type EditorIssue } from '../errors.js';
import { optionalPorts, portsOf } from '../nodes/registry.js';

/**
 * Problems with the graph's wiring: missing start, dangling ports, unreachable nodes,
 * edges pointing at missing nodes or ports.
 *
 * @example
 * checkGraph(flow).filter((i) => i.nodeId === 'checklist1')
 */
export function checkGraph(flow: Flow): EditorIssue[] {
  const out: EditorIssue[] = [];
  const index = new Map(flow.nodes.map((n, i) => [n.id, i]));
  const starts = flow.nodes.filter((n) => n.kind === 'start');
  if (starts.length !== 1) out.push(issue('E103', { path: '/nodes' }));
  const connected = new Set<string>();
  const hasInput = new Set<string>();
  flow.edges.forEach((e, i) => {
    const src = flow.nodes[index.get(e.source) ?? -1];
    const path = `/edges/${i}`;
    if (!src) return void out.push(issue('E007', { path }, e.source));
    if (!index.has(e.target)) return void out.push(issue('E104', { nodeId: e.source, path }, e.sourcePort, e.target));
    if (!portsOf(src).includes(e.sourcePort)) return void out.push(issue('E105', { nodeId: e.source, path }, e.sourcePort));
    connected.add(`${e.source}\u0000${e.sourcePort}`);
    hasInput.add(e.target);
  });
  flow.nodes.forEach((n, i) => {
    const path = `/nodes/${i}`;
    const optional = optionalPorts(n);
    for (const port of portsOf(n)) {
      if (!connected.has(`${n.id}\u0000${port}`) && !optional.includes(port)) out.push(issue('E101', { nodeId: n.id, path }, port));
    }
    if (n.kind !== 'start' && !hasInput.has(n.id)) out.push(issue('E102', { nodeId: n.id, path }));
  });
  return out;
}
