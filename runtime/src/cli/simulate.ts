// `sluice simulate`: runs a data set through a rule set and prints where the leads went.
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { RuleSet, SimulationReport } from '@sluice/schemas';
import { createSimulation, startFields, SYNTHETIC_NOW, toEpochMs } from '@sluice/sdk';
import type { Args } from './args.js';
import { EXIT, FileError, UsageError } from './errors.js';
import type { Io } from './registry.js';
import { checkNow, countOption, formatOf, generateDataSet, parseMappings, readDataSetFile, type DataSetSummary } from './dataset.js';
import { formatIssues, loadRuleSetFile } from './load.js';
import { simulateNdjsonInThreads } from './parallel.js';

/** The one JSON document `--json` prints: the report at the top level, plus what was run on what. */
export type SimulateOutput = { ruleSet: { id: string; version: number; hash: string }; now: string; dataSet: DataSetSummary } & SimulationReport;

const int = (n: number) => n.toLocaleString('en-US');
const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)}%` : '-');

/** Table rows with the columns padded (numbers right-aligned). */
function table(rows: string[][], numeric: number[] = []): string[] {
  const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  return rows.map((r) => `  ${r.map((c, i) => (numeric.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()}`);
}

/** The readable summary: data set, stages, each node with its ports, rejects, checklists, scores, grades. */
export function formatSimulation(o: SimulateOutput, rs: RuleSet): string {
  const r = o.leads;
  const ds = o.dataSet;
  const from = ds.format === 'generated' ? `${int(ds.rows)} generated leads (seed ${ds.seed})` : `${ds.source} (${ds.format}, ${int(ds.rows)} rows)`;
  const out = [`${o.ruleSet.id} v${o.ruleSet.version} · ${from} · now ${o.now}`, `${int(r)} leads simulated${o.errors.count ? `, ${int(o.errors.count)} could not be evaluated` : ''}${ds.skipped.count ? `, ${int(ds.skipped.count)} rows skipped` : ''}`];
  if (ds.mapping) {
    out.push('', 'Columns');
    out.push(...table(ds.mapping.map((m) => [m.column, '→', m.field ?? '(skipped)', m.by === 'mapping' ? '(--map)' : m.by === 'crm' ? '(CRM name)' : m.by === 'column' ? '(not a field of the flow)' : ''])));
  }
  out.push('', 'Stages');
  out.push(...table(Object.entries(o.stages).map(([s, n]) => [s, int(n ?? 0), pct(n ?? 0, r)]), [1, 2]));
  out.push('', 'Nodes (leads in → out by port)');
  out.push(
    ...table(
      rs.nodes.map((node) => {
        const entered = o.nodes[node.id]?.entered ?? 0;
        const ports = Object.entries(o.edges)
          .filter(([e]) => e.startsWith(`${node.id}.`) && e.indexOf('.', node.id.length + 1) === -1)
          .map(([e, n]) => `${e.slice(node.id.length + 1)} ${int(n ?? 0)} (${pct(n ?? 0, entered)})`);
        const end = node.kind === 'outcome' ? `→ ${(node.config as { stage: string }).stage}` : ports.join(' · ');
        return [node.id, node.kind, int(entered), end];
      }),
      [2],
    ),
  );
  const rejects = Object.entries(o.rejects);
  if (rejects.length) {
    out.push('', 'Rejected by reason');
    out.push(...table(rejects.map(([reason, n]) => [reason, int(n ?? 0), pct(n ?? 0, r)]), [1, 2]));
  }
  for (const [id, items] of Object.entries(o.checklists)) {
    out.push('', `Checklist ${id} (items held / checked)`);
    out.push(...table(Object.entries(items ?? {}).map(([item, c]) => [item, `${int(c!.passed)} / ${int(c!.passed + c!.failed)}`, pct(c!.passed, c!.passed + c!.failed)]), [1, 2]));
  }
  for (const [name, h] of Object.entries(o.scores)) {
    if (!h) continue;
    out.push('', `Score ${name}: ${int(h.count)} leads scored${h.count ? `, min ${h.min}, p50 ${h.p50}, p90 ${h.p90}, max ${h.max}, mean ${h.mean}` : ''}${h.thresholds.length ? `; thresholds ${h.thresholds.join(', ')}` : ''}`);
    const top = Math.max(1, ...h.bins.map((b) => b.count));
    out.push(...table(h.bins.map((b) => [`${b.from} – ${b.to}`, int(b.count), '█'.repeat(Math.round((30 * b.count) / top))]), [1]));
  }
  if (o.grades) {
    out.push('', 'Grades');
    out.push(...table(Object.entries(o.grades).sort(([a], [b]) => a.localeCompare(b)).map(([g, n]) => [g, int(n ?? 0), pct(n ?? 0, r)]), [1, 2]));
  }
  const problems = [...ds.skipped.rows.map((b) => `row ${b.row}: ${b.message}`), ...o.errors.examples.map((e) => `row ${e.row ?? e.index + 1}: ${e.message}`)];
  if (problems.length) {
    out.push('', `Skipped (${int(ds.skipped.count + o.errors.count)})`);
    out.push(...problems.slice(0, 20).map((p) => `  ${p}`));
    if (problems.length > 20 || ds.skipped.count + o.errors.count > problems.length) out.push(`  … the first 20 are shown${ds.format === 'generated' ? '' : '; --json lists up to 100'}`);
  }
  return out.join('\n');
}

/** NDJSON files from this size on go to worker threads by default (about 5,000 generated leads). */
export const THREADED_BYTES = 16 << 20;
/** Worker threads used by default: one per core, up to this many. */
const MAX_DEFAULT_THREADS = 8;

/**
 * Worker threads for an NDJSON file: --threads n (1: this thread reads, parses and evaluates),
 * else one per core for a file of THREADED_BYTES or more, and 1 for a smaller one, where
 * starting the workers (each loads the SDK and compiles its code anew) costs more than they save.
 * @throws {NodeJS.ErrnoException} when the file cannot be read (stat).
 */
async function threadsFor(given: string | undefined, file: string): Promise<number> {
  if (given !== undefined) {
    const n = countOption('threads', given, 1);
    if (n < 1 || n > 64) throw new UsageError(`--threads takes 1 to 64, not ${given}`);
    return n;
  }
  const cores = availableParallelism();
  if (cores < 2) return 1;
  return (await stat(file)).size >= THREADED_BYTES ? Math.min(cores, MAX_DEFAULT_THREADS) : 1;
}

export async function simulateCmd(a: Args, io: Io): Promise<number> {
  const [file] = a.positionals;
  if (!file || a.positionals.length > 1) throw new UsageError('give one rule set (or flow)');
  const leads = a.flags.leads;
  const generate = a.flags.generate;
  if ((leads === undefined) === (generate === undefined)) throw new UsageError('give the leads: --leads <file.ndjson|file.csv>, or --generate <count> for synthetic ones');
  checkNow(a.flags.now);
  const mapping = parseMappings(a.lists.map ?? []);
  const format = leads === undefined ? undefined : formatOf(leads, a.flags.format);
  if (format !== 'csv' && (a.lists.map?.length ?? 0) > 0) throw new UsageError('--map is for CSV files');
  if (format !== 'ndjson' && a.flags.threads !== undefined) throw new UsageError('--threads is for NDJSON files');
  const count = countOption('generate', generate, 0);
  const seed = countOption('seed', a.flags.seed, 42);
  const sample = countOption('sample', a.flags.sample, 0);
  // Generated leads are dated relative to their now: by default the generator's fixed one, so a
  // seed gives the same report on any day.
  const now = a.flags.now ?? (generate === undefined ? new Date().toISOString() : SYNTHETIC_NOW);
  const loaded = await loadRuleSetFile(file);
  if (!loaded.ok) {
    io.err(formatIssues(file, loaded.errors));
    return EXIT.failed;
  }
  const rs = loaded.value;
  const sim = createSimulation(rs, { now, sample });
  let dataSet: DataSetSummary;
  if (leads === undefined) dataSet = generateDataSet(count, seed, new Date(toEpochMs(now)!).toISOString(), (input, row) => sim.add(input, row));
  else {
    try {
      const threads = format === 'ndjson' ? await threadsFor(a.flags.threads, leads) : 1;
      dataSet = threads > 1 ? await simulateNdjsonInThreads(leads, rs, now, sample, sim, threads) : await readDataSetFile(leads, format!, startFields(rs), mapping, (input, row) => sim.add(input, row));
    } catch (e) {
      // The file system's errors (ENOENT, …) carry a string code; the CLI's own, an exit code.
      if (typeof (e as NodeJS.ErrnoException).code === 'string') throw new FileError(leads, e as NodeJS.ErrnoException);
      throw e;
    }
  }
  const output: SimulateOutput = { ruleSet: { id: rs.id, version: rs.version, hash: rs.hash }, now, dataSet, ...sim.report() };
  io.out(a.bools.has('json') ? JSON.stringify(output, null, 2) : formatSimulation(output, rs));
  // Nothing simulated although rows were there: every row was bad, which is a failed run.
  return output.leads === 0 && dataSet.skipped.count + output.errors.count > 0 ? EXIT.failed : EXIT.ok;
}
