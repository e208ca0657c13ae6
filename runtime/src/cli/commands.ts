import { writeFile } from 'node:fs/promises';
import type { RuleSet } from '@sluice/schemas';
import { prepareForBrowser, runCases, stringifyDocument } from '@sluice/sdk';
import { diffRuleSets } from '@sluice/sdk';
import type { RuleSetDiff } from '@sluice/sdk';
import type { Args } from './args.js';
import { EXIT, FileError, UsageError } from './errors.js';
import type { ExitCode } from './errors.js';
import { formatIssues, kindOf, loadCasesFile, loadPlanFile, loadRuleSetFile } from './load.js';
import type { Io } from './registry.js';
export type { Io } from './registry.js';

/** Checks every file named, even after a bad one; exits with the worst: 2 unreadable, 1 invalid. */
export async function validateCmd(a: Args, io: Io): Promise<number> {
  if (a.positionals.length === 0) throw new UsageError('give at least one file');
  let worst: ExitCode = EXIT.ok;
  for (const file of a.positionals) {
    const kind = kindOf(file);
    if (!kind) {
      io.err(`${file}: unknown file kind: name it *.flow.json, *.ruleset.json, *.cases.json or *.plan.json`);
      worst = EXIT.usage;
      continue;
    }
    let r: Awaited<ReturnType<typeof loadRuleSetFile | typeof loadCasesFile | typeof loadPlanFile>>;
    try {
      r = kind === 'cases' ? await loadCasesFile(file) : kind === 'plan' ? await loadPlanFile(file) : await loadRuleSetFile(file);
    } catch (e) {
      if (!(e instanceof FileError)) throw e;
      io.err(e.message);
      worst = EXIT.usage;
      continue;
    }
    if (!r.ok) {
      io.err(formatIssues(file, r.errors));
      if (worst === EXIT.ok) worst = EXIT.failed;
      continue;
    }
    if (r.warnings?.length) io.err(formatIssues(file, r.warnings).replace(/^/gm, 'warning: '));
    io.out(`ok ${file}`);
  }
  return worst;
}

export async function compileCmd(a: Args, io: Io): Promise<number> {
  const [file] = a.positionals;
  if (!file || a.positionals.length > 1) throw new UsageError('give one flow file');
  const r = await loadRuleSetFile(file);
  if (!r.ok) {
    io.err(formatIssues(file, r.errors));
    return EXIT.failed;
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
  return EXIT.ok;
}

const show = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v));

export async function testCmd(a: Args, io: Io): Promise<number> {
  const [rsFile, casesFile] = a.positionals;
  if (!rsFile || !casesFile || a.positionals.length > 2) throw new UsageError('give a rule set (or flow) and a cases file');
  const rs = await loadRuleSetFile(rsFile);
  if (!rs.ok) {
    io.err(formatIssues(rsFile, rs.errors));
    return EXIT.failed;
  }
  const cases = await loadCasesFile(casesFile);
  if (!cases.ok) {
    io.err(formatIssues(casesFile, cases.errors));
    return EXIT.failed;
  }
  const reports = runCases(rs.value, cases.value);
  const failed = reports.filter((r) => !r.pass);
  if (a.bools.has('json')) {
    io.out(JSON.stringify({ ruleSet: rs.value.id, version: rs.value.version, passed: reports.length - failed.length, failed: failed.length, reports: reports.map(({ result: _r, ...rest }) => rest) }, null, 2));
    return failed.length ? EXIT.failed : EXIT.ok;
  }
  for (const r of reports) {
    io.out(`${r.pass ? 'PASS' : 'FAIL'} ${r.name}`);
    for (const d of r.diffs) {
      io.out(`  ${d.path}\n    - expected ${show(d.expected)}\n    + actual   ${show(d.actual)}`);
    }
  }
  io.out(`\n${reports.length - failed.length} passed, ${failed.length} failed (${rs.value.id} v${rs.value.version}, ${casesFile})`);
  return failed.length ? EXIT.failed : EXIT.ok;
}

/** A whole added or removed item longer than this is cut (--json shows it whole). */
const LONG = 200;

/** Human-readable lines of a RuleSetDiff: changed values are printed in full. */
export function formatDiff(d: RuleSetDiff): string {
  const lines: string[] = [];
  for (const f of d.fields) lines.push(`~ ${f.path}: ${show(f.before)} → ${show(f.after)}`);
  for (const n of d.nodes.added) lines.push(`+ node ${n.id} (${n.kind})`);
  for (const n of d.nodes.removed) lines.push(`- node ${n.id} (${n.kind})`);
  for (const n of d.nodes.changed) {
    lines.push(`~ node ${n.id} (${n.kind})`);
    for (const c of n.changes) {
      const sym = c.op === 'added' ? '+' : c.op === 'removed' ? '-' : '~';
      const head = `    ${sym} ${c.path}${c.label ? ` [${c.label}]` : ''}:`;
      if (c.op === 'changed' && c.details?.length) {
        // A long rule would be cut before its changed value: print each changed leaf in full.
        // Leaf paths are shown below the item's path, which the line above names.
        lines.push(head, ...c.details.map((l) => `        ~ ${l.path.slice(c.path.length) || '(the whole value)'}: ${show(l.before)} → ${show(l.after)}`));
        continue;
      }
      const what = c.op === 'changed' ? `${show(c.before)} → ${show(c.after)}` : show(c.op === 'added' ? c.after : c.before);
      lines.push(`${head} ${what.length > LONG ? `${what.slice(0, LONG)}… (${what.length - LONG} more characters; --json shows all)` : what}`);
    }
  }
  return lines.length ? lines.join('\n') : 'no differences';
}

/** The two rule sets of `diff` and `impact`; null (after printing why) when one is invalid. */
export async function twoRuleSets(a: Args, io: Io): Promise<[RuleSet, RuleSet] | null> {
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
  if (!both) return EXIT.failed;
  const d = diffRuleSets(both[0], both[1]);
  io.out(a.bools.has('json') ? JSON.stringify(d, null, 2) : formatDiff(d));
  return d.same ? EXIT.ok : EXIT.failed;
}
