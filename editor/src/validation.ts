// Validation as the user edits: the editor's own wiring checks plus the engine's compile.
import type { Flow, RuleSet } from '@sluice/schemas';
import { compile } from './engine.js';
import type { EditorIssue } from './errors.js';
import { checkGraph } from './graph/check.js';

/**
 * Every problem of a flow, and the rule set when it compiles.
 *
 * @example
 * const { issues, ruleSet } = validate(flow);
 */
export function validate(flow: Flow): { issues: EditorIssue[]; ruleSet: RuleSet | null } {
  let engine: EditorIssue[] = [];
  let ruleSet: RuleSet | null = null;
  try {
    const r = compile(flow);
    if (r.ok) ruleSet = r.ruleSet;
    else engine = r.errors.map((e) => ({ code: 'compile' as const, path: e.path, message: e.message, ...(e.nodeId ? { nodeId: e.nodeId } : {}) }));
  } catch (e) {
    engine = [{ code: 'compile', path: '/', message: `the engine failed: ${e instanceof Error ? e.message : String(e)}` }];
  }
  // The engine reports most wiring problems too; keep ours only where it said nothing.
  const said = new Set(engine.map((i) => `${i.nodeId ?? ''} ${i.path}`));
  const own = checkGraph(flow).filter((i) => !said.has(`${i.nodeId ?? ''} ${i.path}`));
  return { issues: [...own, ...engine], ruleSet };
}
