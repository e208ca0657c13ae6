// Builders for small flows used by the engine's unit tests (not part of the package API).
import type { Field, Flow, FlowEdge, FlowNode, RuleSet } from '@sluice/schemas';
import { compile } from './compile.js';

export const NOW = '2026-11-23T12:00:00.000Z';

export const FIELDS: Field[] = [
  { key: 'lead.title', type: 'string' },
  { key: 'lead.seniority', type: 'string' },
  { key: 'lead.email', type: 'string' },
  { key: 'lead.employees', type: 'number' },
  { key: 'lead.country', type: 'string' },
  { key: 'lead.tags', type: 'list', itemType: 'string' },
  { key: 'lead.createdAt', type: 'date' },
  { key: 'lead.budget', type: 'boolean' },
  { key: 'lead.authority', type: 'boolean' },
  { key: 'lead.need', type: 'boolean' },
  { key: 'lead.timeline', type: 'boolean' },
  { key: 'lead.pain', type: 'string' },
  { key: 'lead.company', type: 'object' },
  { key: 'account.contacts', type: 'list', itemType: 'object' },
  { key: 'account.industry', type: 'string' },
];

/**
 * A flow from a chain description: `chain(a, b, c)` connects each node's first port to the
 * next node; extra edges as [source, port, target].
 */
export function flowOf(nodes: FlowNode[], edges: [string, string, string][], extra: Partial<Flow> = {}): Flow {
  const e: FlowEdge[] = edges.map(([source, sourcePort, target], i) => ({ id: `e${i}`, source, sourcePort, target }));
  return { schemaVersion: 1, id: 'test-flow', name: 'Test flow', nodes: [startNode(), ...nodes], edges: e, ...extra };
}

export function startNode(fields: Field[] = FIELDS): FlowNode {
  return { id: 'start', kind: 'start', config: { fields } };
}

export function outcomeNode(id: string, stage: string, extra: Record<string, unknown> = {}): FlowNode {
  return { id, kind: 'outcome', config: { stage, ...extra } } as FlowNode;
}

/** Compiles or fails the test with the compiler's errors. */
export function mustCompile(flow: unknown): RuleSet {
  const r = compile(flow);
  if (!r.ok) throw new Error(`expected the flow to compile:\n${JSON.stringify(r.errors, null, 2)}`);
  return r.ruleSet;
}
