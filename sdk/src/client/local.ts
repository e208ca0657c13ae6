import type { EvaluationInput, EvaluationResult, RuleSet } from '@sluice/schemas';
import { evaluate } from '../core/evaluate.js';
import { loadRuleSet } from '../core/load.js';
import { RuleSetError } from '../core/errors.js';

/** Scores in-process with one rule set, loaded and checked once. See `createLocalScorer`. */
export interface LocalScorer {
  readonly ruleSet: RuleSet;
  /** Evaluates one lead; `now` defaults to the current time (the engine itself has no clock). */
  score(input: EvaluationInput, opts?: { now?: string | number; trace?: boolean }): EvaluationResult;
}

/**
 * For services that score in-process rather than over HTTP: validates the rule set once
 * (`loadRuleSet`: schema, content hash, node checks) and then evaluates with no I/O.
 *
 * @example
 * import { createLocalScorer } from '@sluice/sdk/client';
 * const scorer = createLocalScorer({ ruleSet: JSON.parse(await readFile('fit-engagement-decay.ruleset.json', 'utf8')) });
 * scorer.score({ lead: { seniority: 'vp' }, events: [] }).outcome.stage;
 * @throws {RuleSetError} when the rule set is not valid (its `errors` name node and field).
 */
export function createLocalScorer(o: { ruleSet: unknown; now?: () => number }): LocalScorer {
  const r = loadRuleSet(o.ruleSet);
  if (!r.ok) throw new RuleSetError(r.errors);
  const clock = o.now ?? Date.now;
  return {
    ruleSet: r.ruleSet,
    score: (input, opts = {}) => evaluate(r.ruleSet, input, { now: opts.now ?? clock(), trace: opts.trace === true }),
  };
}
