// Types shared by the engine's modules. Document types (Flow, RuleSet, Condition, ...)
// come from @sluice/schemas; these are the engine's own working shapes.
import type { Issue } from '@sluice/schemas';

/** Named values a condition reads: `lead`, `account`, `events`, `scores`, `vars`. */
export type Facts = Record<string, unknown>;

/** What every compiled closure gets besides the facts. No clock: `now` is given. */
export interface EvalContext {
  /** Evaluation time, epoch milliseconds. */
  nowMs: number;
  /**
   * The evaluation's facts. Inside some/every/count the facts a predicate gets are one item;
   * fact references to lead, account, scores and vars read these instead.
   */
  facts?: Facts;
}

/** A compiled condition. Never throws, whatever the facts hold. */
export type Predicate = (facts: Facts, ctx: EvalContext) => boolean;

/** Compile-time result of a part of a document: the thing, or what is wrong with it. */
export type Compiled<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export type { Issue };
