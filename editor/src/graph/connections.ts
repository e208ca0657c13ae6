// Which connections may be drawn. xyflow asks on every hover while dragging a wire, so
// this stays cheap: one pass over the edges for the cycle check.
import type { Flow } from '@sluice/schemas';
import { issue, type EditorIssue } from '../errors.js';
import { acceptsInput, portsOf } from '../nodes/registry.js';
import type { Connection } from './ops.js';

/** Whether `to` can be reached from `from` by following edges. */
export function reaches(flow: Pick<Flow, 'edges'>, from: string, to: string): boolean {
  const out = new Map<string, string[]>();
  for (const e of flow.edges) {
    const list = out.get(e.source);
    if (list) list.push(e.target);
    else out.set(e.source, [e.target]);
  }
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    for (const next of out.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

/**
 * Why a connection may not be drawn, or null when it may.
 *
 * @example
 * connectionError(flow, { source: 'gate1', sourcePort: 'pass', target: 'score1' }) // null
 */
export function connectionError(flow: Flow, c: Connection): EditorIssue | null {
  const source = flow.nodes.find((n) => n.id === c.source);
  const target = flow.nodes.find((n) => n.id === c.target);
  const at = { nodeId: c.source, path: '/edges' };
  if (!source) return issue('E007', at, c.source);
  if (!target) return issue('E007', at, c.target);
  const ports = portsOf(source);
  if (ports.length === 0) return issue('E001', at, source.kind);
  if (!ports.includes(c.sourcePort)) return issue('E002', at, c.sourcePort);
  if (c.source === c.target) return issue('E003', at);
  if (!acceptsInput(target)) return issue('E004', at);
  if (flow.edges.some((e) => e.source === c.source && e.sourcePort === c.sourcePort)) return issue('E006', at, c.sourcePort);
  if (reaches(flow, c.target, c.source)) return issue('E005', at);
  return null;
}
