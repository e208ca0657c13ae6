import type { ComponentType } from 'react';
import type { Field, FlowNode } from '@sluice/schemas';
import type { FieldOption } from '../inspector/field-options.js';

/** What an inspector gets: the node, the start node's fields, and a way to change the config. */
export interface InspectorProps<N extends FlowNode = FlowNode> {
  node: N;
  /** Keys the field picker offers (start node's fields, events, scores, vars). */
  fields: FieldOption[];
  /** Replaces the config. Edits with the same mergeKey in a row are one undo step. */
  update: (config: N['config'], mergeKey?: string) => void;
}

/**
 * Everything the editor knows about one node kind. One file per kind under src/nodes/;
 * adding a kind is one file and one line in registry.ts.
 */
export interface NodeSpec<N extends FlowNode = FlowNode> {
  kind: N['kind'];
  title: string;
  hint: string;
  /** CSS colour of the node's stripe and palette chip. */
  accent: string;
  /** What this node is within its kind, with its own colour (an outcome: handoff, nurture…). */
  variant?: (node: N) => { name: string; accent: string };
  /** Out-ports, in display order. */
  ports: (node: N) => string[];
  /** Ports that may stay unconnected (a gate's reject: the lead ends as rejected). */
  optionalPorts?: readonly string[];
  /** Whether other nodes may connect into it. */
  acceptsInput: boolean;
  defaultConfig: () => N['config'];
  /** What the node does, a line per rule, row or item: the face shows the first few and opens to all (canvas/face-lines.ts). */
  lines: (node: N, fields: readonly Field[]) => string[];
  Inspector: ComponentType<InspectorProps<N>>;
}
