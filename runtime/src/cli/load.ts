import { readFile } from 'node:fs/promises';
import type { CasesFile, Issue, Plan, RuleSet } from '@sluice/schemas';
import { toIssues } from '@sluice/schemas';
import { validateCasesFile } from '@sluice/schemas/validators';
import { compile, loadPlan, loadRuleSet } from '@sluice/sdk';

export type Loaded<T> = { ok: true; value: T; warnings?: Issue[] } | { ok: false; errors: Issue[] };

export type FileKind = 'flow' | 'ruleset' | 'cases' | 'plan';

/** The document kind from the file name: *.flow.json, *.ruleset.json, *.cases.json, *.plan.json. */
export function kindOf(file: string): FileKind | null {
  if (file.endsWith('.flow.json')) return 'flow';
  if (file.endsWith('.ruleset.json')) return 'ruleset';
  if (file.endsWith('.cases.json')) return 'cases';
  if (file.endsWith('.plan.json')) return 'plan';
  return null;
}

async function readJsonFile(file: string): Promise<{ ok: true; doc: unknown } | { ok: false; errors: Issue[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { ok: false, errors: [{ path: '/', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }] };
  }
  try {
    return { ok: true, doc: JSON.parse(text) };
  } catch (e) {
    return { ok: false, errors: [{ path: '/', message: `not valid JSON: ${(e as Error).message}` }] };
  }
}

/** A rule set from a *.ruleset.json (validated) or a *.flow.json (compiled). */
export async function loadRuleSetFile(file: string): Promise<Loaded<RuleSet>> {
  const r = await readJsonFile(file);
  if (!r.ok) return r;
  if (kindOf(file) === 'flow') {
    const c = compile(r.doc);
    return c.ok ? { ok: true, value: c.ruleSet, warnings: c.warnings } : { ok: false, errors: c.errors };
  }
  const l = loadRuleSet(r.doc);
  return l.ok ? { ok: true, value: l.ruleSet } : { ok: false, errors: l.errors };
}

export async function loadCasesFile(file: string): Promise<Loaded<CasesFile>> {
  const r = await readJsonFile(file);
  if (!r.ok) return r;
  if (!validateCasesFile(r.doc)) return { ok: false, errors: toIssues(validateCasesFile.errors, r.doc) };
  return { ok: true, value: r.doc as CasesFile };
}

/** A plan (`<id>.plan.json`), validated. */
export async function loadPlanFile(file: string): Promise<Loaded<Plan>> {
  const r = await readJsonFile(file);
  if (!r.ok) return r;
  const p = loadPlan(r.doc);
  return p.ok ? { ok: true, value: p.plan } : { ok: false, errors: p.errors };
}

/** `file: nodeId path message`, one line per issue (nodeId `-` when not in a node). */
export function formatIssues(file: string, issues: Issue[]): string {
  return issues.map((i) => `${file}: ${i.nodeId ?? '-'} ${i.path} ${i.message}`).join('\n');
}
