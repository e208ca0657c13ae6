// The rule set as browsers receive it: the browser bundles do not ship the expression parser, so
// each set-node assignment carries its parsed form (`ast`) next to its source.
import type { RuleSet, SetConfig } from '@sluice/schemas';
import { compileExpression } from './expr/index.js';

/**
 * A copy of `ruleSet` whose set-node assignments carry their parsed form, for the browser
 * bundles (the runtime's `GET /v1/rulesets/:id/public` serves this). Nothing else changes, the
 * hash included: it is the same rule set. An expression that does not parse gets no parsed form
 * (such a rule set does not load anywhere).
 *
 * @example
 * const forPage = prepareForBrowser(ruleSet);
 * // set nodes: { name: 'grade', expr: 'scores.fit > 50 ? "A" : "B"', ast: ['?', ['>', …], ['q', 'A'], ['q', 'B']] }
 */
export function prepareForBrowser(ruleSet: RuleSet): RuleSet {
  return mapAssignments(ruleSet, (a) => {
    const c = compileExpression(a.expr);
    return c.ok ? { ...a, ast: c.value.ast as Assignment['ast'] } : a;
  });
}

/** `ruleSet` without the parsed forms prepareForBrowser adds: what its content hash covers. */
export function withoutParsedForms<T extends Pick<RuleSet, 'nodes'>>(ruleSet: T): T {
  return mapAssignments(ruleSet, (a) => a);
}

type Assignment = SetConfig['assign'][number];

/** A copy with every set-node assignment passed through `f`, its parsed form removed first. */
function mapAssignments<T extends Pick<RuleSet, 'nodes'>>(ruleSet: T, f: (a: Omit<Assignment, 'ast'>) => Assignment): T {
  const nodes = ruleSet.nodes.map((n) => {
    if (n.kind !== 'set') return n;
    return { ...n, config: { ...n.config, assign: n.config.assign.map(({ ast: _derived, ...a }) => f(a)) } };
  });
  return { ...ruleSet, nodes };
}
