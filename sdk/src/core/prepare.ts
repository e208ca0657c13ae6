// The rule set as browsers receive it: the browser bundles do not ship the expression parser, so
// each set-node assignment carries its parsed form (`ast`) next to its source.
import type { RuleSet } from '@sluice/schemas';
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
  return {
    ...ruleSet,
    nodes: ruleSet.nodes.map((n) => {
      if (n.kind !== 'set') return n;
      const assign = n.config.assign.map(({ ast: _stale, ...a }) => {
        const c = compileExpression(a.expr);
        return c.ok ? { ...a, ast: c.value.ast as unknown[] | number | boolean | null } : a;
      });
      return { ...n, config: { ...n.config, assign } };
    }),
  };
}

/** `ruleSet` without the parsed forms prepareForBrowser adds: what its content hash covers. */
export function withoutParsedForms<T extends { nodes?: unknown }>(ruleSet: T): T {
  if (!Array.isArray(ruleSet.nodes)) return ruleSet;
  const nodes = ruleSet.nodes.map((n: unknown) => {
    const assign = (n as { kind?: unknown; config?: { assign?: unknown } })?.config?.assign;
    if ((n as { kind?: unknown }).kind !== 'set' || !Array.isArray(assign)) return n;
    const node = n as { config: Record<string, unknown> };
    return { ...node, config: { ...node.config, assign: assign.map((a) => (a && typeof a === 'object' ? (({ ast: _derived, ...rest }) => rest)(a as Record<string, unknown>) : a)) } };
  });
  return { ...ruleSet, nodes };
}
