// The editor's registry of node kinds, keyed by the kind names defined once in @sluice/schemas.
import { NODE_KINDS, type FlowNode, type NodeKind } from '@sluice/schemas';
import { checklistSpec } from './checklist.js';
import { gateSpec } from './gate.js';
import { outcomeSpec } from './outcome.js';
import { scoreSpec } from './score.js';
import { setSpec } from './set.js';
import type { NodeSpec } from './spec.js';
import { startSpec } from './start.js';
import { tableSpec } from './table.js';

const SPECS: { [K in NodeKind]: NodeSpec<Extract<FlowNode, { kind: K }>> } = {
  start: startSpec,
  gate: gateSpec,
  score: scoreSpec,
  table: tableSpec,
  checklist: checklistSpec,
  set: setSpec,
  outcome: outcomeSpec,
};

/** Kinds in palette order (the schema's order). */
export const KINDS: readonly NodeKind[] = NODE_KINDS;

export function specOf(kind: NodeKind): NodeSpec {
  return SPECS[kind] as unknown as NodeSpec;
}

/** The out-ports of a node; none for unknown kinds (imported files may hold anything). */
export function portsOf(node: FlowNode): string[] {
  const spec = SPECS[node.kind] as unknown as NodeSpec | undefined;
  return spec ? spec.ports(node) : [];
}

export function optionalPorts(node: FlowNode): readonly string[] {
  return specOf(node.kind)?.optionalPorts ?? [];
}

export function acceptsInput(node: FlowNode): boolean {
  return specOf(node.kind)?.acceptsInput ?? false;
}

/**
 * A node's colour and the name shown beside its kind: the variant's when the kind has them.
 *
 * @example
 * look(outcomeWithHandoff) // { title: 'Outcome · handoff', accent: '#16a34a' }
 */
export function look(node: FlowNode): { title: string; accent: string } {
  const spec = specOf(node.kind);
  const v = spec.variant?.(node);
  return v ? { title: `${spec.title} · ${v.name}`, accent: v.accent } : { title: spec.title, accent: spec.accent };
}
