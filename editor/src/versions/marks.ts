// What a comparison marks on the canvas. The differences are the SDK's structural diff (the
// one behind `sluice diff`), always from the older side to the newer, whichever is shown: a
// node only the newer side has is "added", one only the older has "removed". The nodes and
// edges of the other side that the shown one lacks are drawn too, as ghosts where they stood.
import type { Flow, FlowEdge, FlowNode } from '@sluice/schemas';
import { diffFlows, type Change, type RuleSetDiff } from '../engine.js';

export type DiffStatus = 'added' | 'removed' | 'changed';

export interface DiffMarks {
  diff: RuleSetDiff;
  /** Status of every node that differs, shown or ghost. */
  nodes: ReadonlyMap<string, DiffStatus>;
  /** Edges only one side has, by their id on the canvas (ghost edges' ids start `ghost:`). */
  edges: ReadonlyMap<string, 'added' | 'removed'>;
  /** The other side's nodes and edges the shown side lacks (edges renamed `ghost:<id>`). */
  ghostNodes: readonly FlowNode[];
  ghostEdges: readonly FlowEdge[];
  /** What changed inside each changed node. */
  changes: ReadonlyMap<string, readonly Change[]>;
}

/**
 * The marks for showing `shown` compared with `other`.
 *
 * @example
 * const m = diffMarks(v1Flow, v2Flow, false); // v1 shown, v2 newer
 * m.nodes.get('bant'); // 'changed'
 */
export function diffMarks(shown: Flow, other: Flow, shownIsNewer: boolean): DiffMarks {
  const [older, newer] = shownIsNewer ? [other, shown] : [shown, other];
  const diff = diffFlows(older, newer);
  const nodes = new Map<string, DiffStatus>();
  for (const n of diff.nodes.added) nodes.set(n.id, 'added');
  for (const n of diff.nodes.removed) nodes.set(n.id, 'removed');
  const changes = new Map<string, readonly Change[]>();
  for (const n of diff.nodes.changed) {
    nodes.set(n.id, 'changed');
    changes.set(n.id, n.changes);
  }
  // Edges are matched by what they join, not by id: a version's edges are named by the
  // editor's rule, a hand-written flow's by its author.
  const key = (e: FlowEdge) => `${e.source}\u0000${e.sourcePort}\u0000${e.target}`;
  const otherKeys = new Set(other.edges.map(key));
  const shownKeys = new Set(shown.edges.map(key));
  const edges = new Map<string, 'added' | 'removed'>();
  for (const e of shown.edges) if (!otherKeys.has(key(e))) edges.set(e.id, shownIsNewer ? 'added' : 'removed');
  const shownIds = new Set(shown.nodes.map((n) => n.id));
  const ghostNodes = other.nodes.filter((n) => !shownIds.has(n.id));
  const drawn = new Set([...shownIds, ...ghostNodes.map((n) => n.id)]);
  const ghostEdges = other.edges
    .filter((e) => !shownKeys.has(key(e)) && drawn.has(e.source) && drawn.has(e.target))
    .map((e) => ({ ...e, id: `ghost:${e.id}` }));
  for (const e of ghostEdges) edges.set(e.id, shownIsNewer ? 'removed' : 'added');
  return { diff, nodes, edges, ghostNodes, ghostEdges, changes };
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? '—' : s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

const PART: Record<Change['part'], string> = {
  rule: 'rule', row: 'row', item: 'item', field: 'field', output: 'output', assign: 'assignment', port: 'port', config: 'setting', label: 'label', kind: 'kind',
};

/**
 * One change in plain words: `rule “VP or above” changed: points 10 → 15`.
 *
 * @example
 * describeChange({ op: 'added', part: 'rule', path: '/config/rules/2', docPath: '', label: 'Student email' });
 * // 'rule “Student email” added'
 */
export function describeChange(c: Change): string {
  if (c.part === 'label' || c.part === 'kind') return `${c.part}: ${show(c.before)} → ${show(c.after)}`;
  if (c.part === 'port') {
    const name = `port “${c.label ?? c.path.slice(6)}”`;
    return c.op === 'added' ? `${name} added: → ${String(c.after)}` : c.op === 'removed' ? `${name} removed (was → ${String(c.before)})` : `${name}: → ${String(c.before)} became → ${String(c.after)}`;
  }
  const what = c.part === 'config' ? `setting ${c.path.replace(/^\/config\//, '')}` : `${PART[c.part]}${c.label ? ` “${c.label}”` : ''}`;
  if (c.op !== 'changed' || !c.details) return `${what} ${c.op}`;
  if (c.details.length === 1 && c.details[0]!.path === c.path) return `${what}: ${show(c.before)} → ${show(c.after)}`;
  const leaves = c.details.slice(0, 3).map((d) => `${d.path.startsWith(`${c.path}/`) ? d.path.slice(c.path.length + 1) : d.path} ${show(d.before)} → ${show(d.after)}`);
  return `${what} changed: ${leaves.join('; ')}${c.details.length > 3 ? ` (+${c.details.length - 3} more)` : ''}`;
}
