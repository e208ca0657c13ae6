// Validation as the user edits: the editor's own wiring checks plus the engine's compile,
// every problem at once and in plain words (problems/).
import type { Flow, RuleSet } from '@sluice/schemas';
import { compile } from './engine.js';
import type { EditorIssue } from './errors.js';
import { checkGraph } from './graph/check.js';
import { setAside } from './problems/all-at-once.js';
import { inWords } from './problems/words.js';

type EngineIssue = { nodeId?: string; path: string; message: string };

function engineIssues(flow: Flow): { issues: EngineIssue[]; ruleSet: RuleSet | null } {
  try {
    const r = compile(flow);
    if (r.ok) return { issues: [], ruleSet: r.ruleSet };
    const first = r.errors;
    // The compile stopped at the schema: compile the rest again with the refused parts set aside.
    const aside = setAside(flow, first);
    if (!aside) return { issues: first, ruleSet: null };
    const again = compile(aside.flow);
    if (again.ok) return { issues: first, ruleSet: null };
    const seen = new Set(first.map((e) => `${e.path}\u0000${e.message}`));
    const more = again.errors.filter((e) => !aside.nodes.has(e.nodeId ?? '') && !seen.has(`${e.path}\u0000${e.message}`) && !e.path.startsWith('/name'));
    return { issues: [...first, ...more], ruleSet: null };
  } catch (e) {
    return { issues: [{ path: '/', message: `the engine failed: ${e instanceof Error ? e.message : String(e)}` }], ruleSet: null };
  }
}

/** Issues with their plain words, worded against the flow they were found in. */
export function worded(flow: Flow, issues: readonly EditorIssue[]): EditorIssue[] {
  return issues.map((i) => ({ ...i, words: inWords(flow, i) }));
}

/**
 * Every problem of a flow, and the rule set when it compiles.
 *
 * @example
 * const { issues, ruleSet } = validate(flow);
 */
export function validate(flow: Flow): { issues: EditorIssue[]; ruleSet: RuleSet | null } {
  const r = engineIssues(flow);
  const engine: EditorIssue[] = r.issues.map((e) => ({ code: 'compile' as const, path: e.path, message: e.message, ...(e.nodeId ? { nodeId: e.nodeId } : {}) }));
  // The engine reports most wiring problems too; keep ours only where it said nothing.
  const said = new Set(engine.map((i) => `${i.nodeId ?? ''} ${i.path}`));
  const own = checkGraph(flow).filter((i) => !said.has(`${i.nodeId ?? ''} ${i.path}`));
  return { issues: worded(flow, [...own, ...engine]), ruleSet: r.ruleSet };
}
