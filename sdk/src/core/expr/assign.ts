// A set node's assignment as a closure, where the parser ships (Node, the editor, npm
// bundles): read from its source. The browser bundles swap this module for assign.browser.ts.
import type { Fn } from './interpret.js';
import { compileExpression } from './index.js';

/** The closure of one assignment `{ expr }`; a parsed form it may carry is ignored here. */
export function assignment(a: { expr: string }): Fn {
  const c = compileExpression(a.expr);
  // A rule set that reached evaluation has passed its checks; this keeps a bad one harmless.
  return c.ok ? c.value.run : () => null;
}
