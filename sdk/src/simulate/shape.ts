// What the accumulator needs to know about a rule set before the first lead: its nodes and
// ports, which port leads to which node, the thresholds each score is compared to, and
// whether the flow sets a grade. Read once per simulation, from the rule set as loaded.
import type { RuleSet } from '@sluice/schemas';
import { NODE_SPECS } from '../core/nodes/registry.js';
import { parsePath } from '../core/path.js';
import { programOf } from '../core/program.js';
import { isObject } from '../core/util.js';

export interface FlowShape {
  /** Node ids in evaluation order. */
  nodes: string[];
  kinds: Map<string, string>;
  /** Every connected port, `source.port`, in node order. */
  edges: string[];
  /** source → target → the port leading there, or null when two ports lead to the same node. */
  portTo: Map<string, Map<string, string | null>>;
  /** True when some node has two ports to one target: the path alone cannot tell the edge. */
  ambiguous: boolean;
  thresholds: Map<string, number[]>;
  checklistItems: Map<string, string[]>;
  hasGrade: boolean;
}

const COMPARISONS = new Set(['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

/**
 * Reads the shape of a rule set.
 * @throws {RuleSetError} when the rule set is malformed (as `evaluate` would).
 */
export function shapeOf(ruleSet: RuleSet): FlowShape {
  const program = programOf(ruleSet);
  const shape: FlowShape = {
    nodes: [],
    kinds: new Map(),
    edges: [],
    portTo: new Map(),
    ambiguous: false,
    thresholds: new Map(program.scoreNames.map((n) => [n, []])),
    checklistItems: new Map(),
    hasGrade: false,
  };
  const found = new Map<string, Set<number>>(program.scoreNames.map((n) => [n, new Set()]));
  for (const node of ruleSet.nodes) {
    shape.nodes.push(node.id);
    shape.kinds.set(node.id, node.kind);
    const spec = NODE_SPECS[node.kind];
    const targets = new Map<string, string | null>();
    for (const port of spec.ports(node.config)) {
      const target = node.next[port];
      if (target === undefined) continue;
      shape.edges.push(`${node.id}.${port}`);
      if (targets.has(target)) {
        targets.set(target, null);
        shape.ambiguous = true;
      } else targets.set(target, port);
    }
    shape.portTo.set(node.id, targets);
    if (node.kind === 'checklist') shape.checklistItems.set(node.id, node.config.items.map((it) => it.id));
    if (spec.defines?.(node.config).vars?.includes(ruleSet.gradeVar)) shape.hasGrade = true;
    collectThresholds(node.config, found);
  }
  for (const [name, set] of found) shape.thresholds.set(name, [...set].sort((a, b) => a - b));
  return shape;
}

/** Numbers that leaf conditions on `scores` compare a score to, anywhere in a node's config. */
function collectThresholds(v: unknown, found: Map<string, Set<number>>, depth = 0): void {
  if (depth > 64) return;
  if (Array.isArray(v)) {
    for (const x of v) collectThresholds(x, found, depth + 1);
    return;
  }
  if (!isObject(v)) return;
  if (v.fact === 'scores' && typeof v.operator === 'string' && COMPARISONS.has(v.operator) && typeof v.value === 'number') {
    const seg = typeof v.path === 'string' ? parsePath(v.path) : null;
    const name = seg?.length === 1 ? seg[0] : undefined;
    if (typeof name === 'string') found.get(name)?.add(v.value);
  }
  for (const k of Object.keys(v)) collectThresholds(v[k], found, depth + 1);
}
