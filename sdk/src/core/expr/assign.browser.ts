// The browser bundles (sluice.min.js, engine.min.js) leave the parser out to stay small: a set
// node's assignment runs from the parsed form the runtime's public rule set carries
// (prepareForBrowser). sdk/scripts/build.mjs puts this module in place of assign.ts.
import type { Fn } from './interpret.js';
import { link, total, type Ast } from './link.js';

export function assignment(a: { expr: string; ast?: unknown }): Fn {
  if (a.ast === undefined) throw Error('has no parsed form: run prepareForBrowser on the rule set (GET /v1/rulesets/:id/public does)');
  return total(link(a.ast as Ast));
}
