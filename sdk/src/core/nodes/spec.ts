import type { Issue, NodeKindName } from '@sluice/schemas';
import type { BuildFn } from '../state.js';

/**
 * What the compiler needs to check a node beyond its JSON schema. Implemented once in
 * check.ts, so node files stay small and evaluation never loads the checking code.
 */
export interface Checker {
  /** A condition over the facts: shape, declared fields, operators that fit their types. */
  condition(cond: unknown, pointer: string): Issue[];
  /** A condition over one item of a list (an event, a contact): shape, and its references to lead, account, scores and vars. */
  itemCondition(cond: unknown, pointer: string): Issue[];
  /** A reference such as `lead.pain`, `scores.fit`, `vars.tier` or `events`; with `kind`, it must be of that kind. */
  field(ref: string, pointer: string, kind?: 'date'): Issue[];
  expression(src: string, pointer: string): Issue[];
  sla(sla: unknown, pointer: string): Issue[];
  stages: readonly string[];
}

/**
 * What evaluation needs of a node kind: its ports and how it compiles to a closure. Kept
 * apart from the checks so that the browser engine ships without the compiler's code.
 */
export interface NodeRun<C = any> {
  /** Out-ports for this configuration, in display order. */
  ports(config: C): string[];
  /** Ports that may stay unconnected (a gate's reject ends the flow as rejected). */
  optionalPorts?: readonly string[];
  build: BuildFn<any>;
}

/**
 * One node kind: its ports, its checks and how it compiles. The registry (registry.ts)
 * maps kind names to these; adding a kind is one file and one line in each registry.
 */
export interface NodeSpec<C = any> extends NodeRun<C> {
  kind: NodeKindName;
  /** Scores and variables this node writes, so conditions elsewhere may read them. */
  defines?(config: C): { scores?: string[]; vars?: string[] };
  check(config: C, c: Checker, pointer: string): Issue[];
}

/**
 * Joins a kind's evaluation part with its checks. Call it with a `@__PURE__` mark so that
 * bundlers drop the checks from builds that only evaluate.
 */
export function defineKind<C>(run: NodeRun<C>, rest: Omit<NodeSpec<C>, keyof NodeRun<C>>): NodeSpec<C> {
  return { ...run, ...rest };
}
