import { writeFile } from 'node:fs/promises';
import type { RuleSet } from '@sluice/schemas';
import { prepareForBrowser, runCases, stringifyDocument } from '@sluice/sdk';
import { diffRuleSets } from '@sluice/sdk';
import type { RuleSetDiff } from '@sluice/sdk';
import type { Args } from './args.js';
import { UsageError } from './args.js';
import { formatIssues, kindOf, loadCasesFile, loadPlanFile, loadRuleSetFile } from './load.js';
export { HELP } from './help.js';

/** Where a command writes; tests and the CLI entry pass process streams. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export async function validateCmd(a: Args, io: Io): Promise<number> {
  if (a.positionals.length === 0) throw new UsageError('give at least one file');
  let bad = 0;
  for (const file of a.positionals) {
    const kind = kindOf(file);
    if (!kind) {
      io.err(`${file}: - / unknown file kind: name it *.flow.json, *.ruleset.json, *.cases.json or *.plan.json`);
      bad++;
      continue;
    }
    const r = kind === 'cases' ? await loadCasesFile(file) : kind === 'plan' ? await loadPlanFile(file) : await loadRuleSetFile(file);
    if (!r.ok) {
      io.err(formatIssues(file, r.errors));
      bad++;
      continue;
    }
    if (r.warnings?.length) io.err(formatIssues(file, r.warnings).replace(/^/gm, 'warning: '));
    io.out(`ok ${file}`);
  }
  return bad ? 1 : 0;
}

export async function compileCmd(a: Args, io: Io): Promise<number> {
  const [file] = a.positionals;
  if (!file || a.positionals.length > 1) throw new UsageError('give one flow file');
  const r = await loadRuleSetFile(file);
  if (!r.ok) {
    io.err(formatIssues(file, r.errors));
    return 1;
  }
  if (r.warnings?.length) io.err(formatIssues(file, r.warnings).replace(/^/gm, 'warning: '));
  // --browser: the form the runtime's public endpoint serves, for engine.min.js without a runtime.
  const text = stringifyDocument(a.bools.has('browser') ? prepareForBrowser(r.value) : r.value);
  if (a.flags.out) {
    await writeFile(a.flags.out, text);
    io.err(`wrote ${a.flags.out} (${r.value.id} v${r.value.version}, ${r.value.hash.slice(0, 12)})`);
  } else {
    io.out(text.replace(/\n$/, ''));
  }
  return 0;
}

const show = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v));

export async function testCmd(a: Args, io: Io): Promise<number> {
  const [rsFile, casesFile] = a.positionals;
  if (!rsFile || !casesFile || a.positionals.length > 2) throw new UsageError('give a rule set (or flow) and a cases file');
  const rs = await loadRuleSetFile(rsFile);
  if (!rs.ok) {
    io.err(formatIssues(rsFile, rs.errors));
    return 1;
  }
  const cases = await loadCasesFile(casesFile);
  if (!cases.ok) {
    io.err(formatIssues(casesFile, cases.errors));
    return 1;
  }
  const reports = runCases(rs.value, cases.value);
  const failed = reports.filter((r) => !r.pass);
  if (a.bools.has('json')) {
    io.out(JSON.stringify({ ruleSet: rs.value.id, version: rs.value.version, passed: reports.length - failed.length, failed: failed.length, reports: reports.map(({ result: _r, ...rest }) => rest) }, null, 2));
    return failed.length ? 1 : 0;
  }
  for (const r of reports) {
    io.out(`${r.pass ? 'PASS' : 'FAIL'} ${r.name}`);
    for (const d of r.diffs) {
      io.out(`  ${d.path}\n    - expected ${show(d.expected)}\n    + actual   ${show(d.actual)}`);
    }
  }
  io.out(`\n${reports.length - failed.length} passed, ${failed.length} failed (${rs.value.id} v${rs.value.version}, ${casesFile})`);
  return failed.length ? 1 : 0;
}

/** Human-readable lines of a RuleSetDiff. */
export function formatDiff(d: RuleSetDiff): string {
  const lines: string[] = [];
  for (const f of d.fields) lines.push(`~ ${f.path}: ${show(f.before)} → ${show(f.after)}`);
  for (const n of d.nodes.added) lines.push(`+ node ${n.id} (${n.kind})`);
  for (const n of d.nodes.removed) lines.push(`- node ${n.id} (${n.kind})`);
  for (const n of d.nodes.changed) {
    lines.push(`~ node ${n.id} (${n.kind})`);
    for (const c of n.changes) {
      const sym = c.op === 'added' ? '+' : c.op === 'removed' ? '-' : '~';
      const what = c.op === 'changed' ? `${show(c.before)} → ${show(c.after)}` : show(c.op === 'added' ? c.after : c.before);
      lines.push(`    ${sym} ${c.path}${c.label ? ` [${c.label}]` : ''}: ${what.length > 200 ? `${what.slice(0, 200)}…` : what}`);
    }
  }
  return lines.length ? lines.join('\n') : 'no differences';
}

async function twoRuleSets(a: Args, io: Io): Promise<[RuleSet, RuleSet] | null> {
  const [fa, fb] = a.positionals;
  if (!fa || !fb || a.positionals.length > 2) throw new UsageError('give two rule sets (or flows)');
  const ra = await loadRuleSetFile(fa);
  const rb = await loadRuleSetFile(fb);
  if (!ra.ok) io.err(formatIssues(fa, ra.errors));
  if (!rb.ok) io.err(formatIssues(fb, rb.errors));
  return ra.ok && rb.ok ? [ra.value, rb.value] : null;
}

export async function diffCmd(a: Args, io: Io): Promise<number> {
  const both = await twoRuleSets(a, io);
  if (!both) return 2;
  const d = diffRuleSets(both[0], both[1]);
  io.out(a.bools.has('json') ? JSON.stringify(d, null, 2) : formatDiff(d));
  return d.same ? 0 : 1;
}

export { twoRuleSets };
