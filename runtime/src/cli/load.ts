import { readFile } from 'node:fs/promises';
import type { CasesFile, Issue, Plan, RuleSet } from '@sluice/schemas';
import { compile, loadPlan, loadRuleSet } from '@sluice/sdk';
import { casesFileIssues } from '../registry/registry.js';
import { FileError } from './errors.js';
import { describeJsonSyntaxError } from './json-syntax.js';

/** An issue in a file; a JSON syntax error also has its line, column and the line itself. */
export type FileIssue = Issue & { line?: number; column?: number; excerpt?: string };

export type Loaded<T> = { ok: true; value: T; warnings?: Issue[] } | { ok: false; errors: FileIssue[] };

export type FileKind = 'flow' | 'ruleset' | 'cases' | 'plan';

/** The document kind from the file name: *.flow.json, *.ruleset.json, *.cases.json, *.plan.json. */
export function kindOf(file: string): FileKind | null {
  if (file.endsWith('.flow.json')) return 'flow';
  if (file.endsWith('.ruleset.json')) return 'ruleset';
  if (file.endsWith('.cases.json')) return 'cases';
  if (file.endsWith('.plan.json')) return 'plan';
  return null;
}

/**
 * Reads and parses a JSON file.
 * @throws FileError when the file does not exist or cannot be read (exit 2, not a failed check)
 */
export async function readJsonFile(file: string): Promise<{ ok: true; doc: unknown } | { ok: false; errors: FileIssue[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new FileError(file, e as NodeJS.ErrnoException);
  }
  // Editors on Windows may save a byte-order mark; it is not part of the JSON.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  try {
    return { ok: true, doc: JSON.parse(text) };
  } catch (e) {
    const { line, column, reason, excerpt } = describeJsonSyntaxError(text, e as Error);
    return { ok: false, errors: [{ path: '', message: `not valid JSON: ${reason}`, line, column, excerpt }] };
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
  const errors = casesFileIssues(r.doc);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: r.doc as CasesFile };
}

/** A plan (`<id>.plan.json`), validated. */
export async function loadPlanFile(file: string): Promise<Loaded<Plan>> {
  const r = await readJsonFile(file);
  if (!r.ok) return r;
  const p = loadPlan(r.doc);
  return p.ok ? { ok: true, value: p.plan } : { ok: false, errors: p.errors };
}

/**
 * One line per issue: `file: nodeId path message`; the node id is left out when the issue is
 * not in a node, the path when it is the whole document. A syntax error reads
 * `file:line:column: message` (the form editors and terminals link to) and shows its line.
 */
export function formatIssues(file: string, issues: FileIssue[]): string {
  return issues
    .map((i) => {
      const where = i.line === undefined ? file : `${file}:${i.line}:${i.column ?? 1}`;
      const path = i.path === '' || i.path === '/' ? '' : `${i.path} `;
      const text = `${where}: ${i.nodeId ? `${i.nodeId} ` : ''}${path}${i.message}`;
      return i.excerpt ? `${text}\n${i.excerpt}` : text;
    })
    .join('\n');
}
