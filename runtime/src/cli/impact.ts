import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EvaluationInput, RuleSet } from '@sluice/schemas';
import { evaluate } from '@sluice/sdk';
import type { Args } from './args.js';
import { EXIT, FileError, UsageError } from './errors.js';
import type { Io } from './registry.js';
import { twoRuleSets } from './commands.js';
import { describeJsonSyntaxError } from './json-syntax.js';

export interface ImpactReport {
  leads: number;
  changed: number;
  errors: { line: number; message: string }[];
  /** One row per (from, to) pair, most leads first. */
  moves: { from: string; to: string; count: number; examples: string[] }[];
}

/** The lead id shown in examples: the line's id/leadId, the lead's id, else `line N`. */
function exampleId(doc: Record<string, unknown>, lead: Record<string, unknown>, line: number): string {
  for (const v of [doc.id, doc.leadId, lead.id, lead.email]) if (typeof v === 'string' || typeof v === 'number') return String(v);
  return `line ${line}`;
}

/**
 * Scores every lead of an NDJSON stream with both rule sets and counts stage moves.
 * Streams the file (constant memory apart from the table).
 */
export async function impact(oldRs: RuleSet, newRs: RuleSet, lines: AsyncIterable<string>, now: string): Promise<ImpactReport> {
  const moves = new Map<string, { from: string; to: string; count: number; examples: string[] }>();
  const errors: ImpactReport['errors'] = [];
  let leads = 0;
  let changed = 0;
  let n = 0;
  for await (const raw of lines) {
    n++;
    const text = raw.trim();
    if (!text) continue;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      if (errors.length < 100) {
        const s = describeJsonSyntaxError(text, e as Error);
        errors.push({ line: n, message: `not valid JSON at column ${s.column}: ${s.reason}` });
      }
      continue;
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      if (errors.length < 100) errors.push({ line: n, message: 'not a JSON object' });
      continue;
    }
    const d = doc as Record<string, unknown>;
    // A line is either an input ({ lead, events?, account? }) or a bare lead.
    const isInput = typeof d.lead === 'object' && d.lead !== null && !Array.isArray(d.lead);
    const lead = (isInput ? d.lead : d) as Record<string, unknown>;
    const input: EvaluationInput = { lead };
    if (isInput && Array.isArray(d.events)) input.events = d.events as EvaluationInput['events'];
    if (isInput && typeof d.account === 'object' && d.account !== null) input.account = d.account as EvaluationInput['account'];
    const at = isInput && (typeof d.now === 'string' || typeof d.now === 'number') ? d.now : now;
    let from: string;
    let to: string;
    try {
      from = evaluate(oldRs, input, { now: at }).outcome.stage;
      to = evaluate(newRs, input, { now: at }).outcome.stage;
    } catch (e) {
      if (errors.length < 100) errors.push({ line: n, message: (e as Error).message });
      continue;
    }
    leads++;
    const key = `${from}\u0000${to}`;
    let m = moves.get(key);
    if (!m) {
      m = { from, to, count: 0, examples: [] };
      moves.set(key, m);
    }
    m.count++;
    if (from !== to) {
      changed++;
      if (m.examples.length < 3) m.examples.push(exampleId(d, lead, n));
    }
  }
  const sorted = [...moves.values()].sort((a, b) => Number(a.from === a.to) - Number(b.from === b.to) || b.count - a.count || a.from.localeCompare(b.from));
  return { leads, changed, errors, moves: sorted };
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
  if (!file) throw new UsageError('give the leads: --leads <file.ndjson>');
  if (a.flags.now !== undefined && Number.isNaN(Date.parse(a.flags.now))) throw new UsageError(`--now must be a date and time such as 2026-01-31T12:00:00Z, got "${a.flags.now}"`);
  const both = await twoRuleSets(a, io);
  if (!both) return EXIT.failed;
  const now = a.flags.now ?? new Date().toISOString();
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let report: ImpactReport;
  try {
    report = await impact(both[0], both[1], lines, now);
  } catch (e) {
    // The stream fails on its first read when the file is missing or unreadable.
    if ((e as NodeJS.ErrnoException).code) throw new FileError(file, e as NodeJS.ErrnoException);
    throw e;
  }
  io.out(a.bools.has('json') ? JSON.stringify(report, null, 2) : formatImpact(report, both[0], both[1]));
  return EXIT.ok;
}
