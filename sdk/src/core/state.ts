import type { Actions, ChecklistResult, Contribution, RuleNode, RuleSet, TraceStep } from '@sluice/schemas';
import type { EvalContext, Facts } from './types.js';

/** Everything one evaluation accumulates while it walks the compiled nodes. */
export interface RunState {
  facts: Facts & { scores: Record<string, number>; vars: Record<string, unknown>; events: unknown[] };
  ctx: EvalContext;
  checklists: Record<string, ChecklistResult>;
  rejected: { nodeId: string; reason: string; message?: string } | null;
  outcome: { nodeId: string; label?: string; stage: string; reason?: string; actions: Actions } | null;
  /** Filled only when a trace was asked for. */
  step: Partial<TraceStep> & { contributions?: Contribution[] };
  tracing: boolean;
  /** The events with their times read, once per evaluation (events.ts). */
  dated?: import('./events.js').DatedEvent[];
}

/** A compiled node: does its work on the state and returns the port it leaves by. */
export type Run = (s: RunState) => string | undefined;

/** What a node's build step may read besides its own node. */
export interface BuildEnv {
  ruleSet: RuleSet;
  /** Bounds of each declared score. */
  bounds: Record<string, { min?: number; max?: number }>;
}

export type BuildFn<N extends RuleNode = RuleNode> = (node: N, env: BuildEnv) => Run;
