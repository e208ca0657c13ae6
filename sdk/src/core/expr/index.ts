// Sluice's expression language for `set` nodes (docs/expressions.md): small, pure, no eval.
import type { Compiled, EvalContext } from '../types.js';
import { link, total, type Ast } from './link.js';
import { parse } from './parser.js';

export type { Ast } from './link.js';

export { EXPRESSION_FUNCTIONS } from './catalog.js';

/** A compiled expression. */
export interface Expression {
  /** Evaluates against `{ lead, account, events, scores, vars }`. Never throws: failures give null. */
  run(scope: Record<string, unknown>, ctx: EvalContext): unknown;
  /** Dotted scope paths the expression reads, deduplicated, e.g. `["lead.employees", "scores.fit"]`. */
  refs: string[];
  /** The parsed form, JSON (link.ts): what a rule set prepared for browsers carries. */
  ast: Ast;
}

/**
 * Compiles an expression once; run it many times. Syntax errors carry a 1-based column.
 * @example
 * const r = compileExpression('round(scores.fit * 0.6 + scores.engagement * 0.4, 1)');
 * if (r.ok) r.value.run({ scores: { fit: 50, engagement: 20 } }, { nowMs: 0 }); // 38
 * compileExpression('max(1,'); // { ok: false, issues: [{ path: '', message: 'col 8: unexpected end of expression' }] }
 */
export function compileExpression(src: string): Compiled<Expression> {
  const errors: string[] = [];
  const refs = new Set<string>();
  const ast = parse(src, errors, refs);
  if (errors.length) return { ok: false, issues: errors.map((message) => ({ path: '', message })) };
  return { ok: true, value: { refs: [...refs], ast, run: total(link(ast)) } };
}
