import type { ComparisonReport, RuleSet } from '@sluice/schemas';
import { createComparison, startFields } from '@sluice/sdk';
import type { Args } from './args.js';
import { EXIT, UsageError } from './errors.js';
import type { Io } from './registry.js';
import { twoRuleSets } from './commands.js';
import { checkNow, formatOf, parseMappings, readDataSetFile, type DataSetSummary } from './dataset.js';

export interface ImpactReport {
  leads: number;
  changed: number;
  errors: { line: number; message: string }[];
  /** One row per (from, to) pair, most leads first. */
  moves: { from: string; to: string; count: number; examples: string[] }[];
  /** The comparison itself (sdk compare): matrix, moved leads with the rules that moved them. */
  comparison: ComparisonReport;
}

/** The impact table from a comparison: one row per (from, to) pair, moves first, up to 3 example ids. */
export function impactOf(c: ComparisonReport, dataSet: DataSetSummary): ImpactReport {
  const moves: ImpactReport['moves'] = [];
  for (const [from, row] of Object.entries(c.matrix)) {
    for (const [to, count] of Object.entries(row ?? {})) {
      const examples = c.moved.filter((m) => m.from === from && m.to === to).slice(0, 3).map((m) => m.id ?? `line ${m.row ?? m.index + 1}`);
      moves.push({ from, to, count: count ?? 0, examples });
    }
  }
  moves.sort((a, b) => Number(a.from === a.to) - Number(b.from === b.to) || b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const errors = [...dataSet.skipped.rows.map((r) => ({ line: r.row, message: r.message })), ...c.errors.examples.map((e) => ({ line: e.row ?? e.index + 1, message: e.message }))];
  errors.sort((a, b) => a.line - b.line);
  return { leads: c.leads, changed: c.changed, errors, moves, comparison: c };
}

export function formatImpact(r: ImpactReport, oldRs: RuleSet, newRs: RuleSet): string {
  const rows = r.moves.map((m) => [m.from, m.to, String(m.count), m.from === m.to ? '(unchanged)' : m.examples.join(', ')]);
  const head = ['from', 'to', 'leads', 'examples'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const fmt = (row: string[]) => row.map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const pct = r.leads ? ((100 * r.changed) / r.leads).toFixed(1) : '0.0';
  return [
    `${oldRs.id} v${oldRs.version} → ${newRs.id} v${newRs.version}: ${r.changed} of ${r.leads} leads change stage (${pct}%)`,
    '',
    fmt(head),
    ...rows.map(fmt),
    ...(r.errors.length ? ['', `${r.errors.length} line(s) skipped:`, ...r.errors.slice(0, 10).map((e) => `  line ${e.line}: ${e.message}`)] : []),
  ].join('\n');
}

export async function impactCmd(a: Args, io: Io): Promise<number> {
  const file = a.flags.leads;
  if (!file) throw new UsageError('give the leads: --leads <file.ndjson|file.csv>');
  checkNow(a.flags.now);
  const format = formatOf(file, a.flags.format);
  const mapping = parseMappings(a.lists.map ?? []);
  const both = await twoRuleSets(a, io);
  if (!both) return EXIT.failed;
  const now = a.flags.now ?? new Date().toISOString();
  const cmp = createComparison(both[0], both[1], { now, sample: 3 });
  // CSV columns map to the new rule set's fields: the one a reviewer is deciding on.
  const dataSet = await readDataSetFile(file, format, startFields(both[1]), mapping, (input, row) => cmp.add(input, row));
  const report = impactOf(cmp.report(), dataSet);
  io.out(a.bools.has('json') ? JSON.stringify(report, null, 2) : formatImpact(report, both[0], both[1]));
  return EXIT.ok;
}
