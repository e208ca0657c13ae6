// `sluice plan` and `sluice funnel`: the plan worked backwards from a file, and the measured
// funnel from a running runtime (GET /v1/funnel, the one implementation), beside the plan.
import type { FunnelResponse, FunnelStage, Plan } from '@sluice/schemas';
import { backCalculate, formatPlan } from '@sluice/sdk';
import { createClient, SluiceError } from '@sluice/sdk/client';
import type { Args } from './args.js';
import { CliError, EXIT, UsageError } from './errors.js';
import type { Io } from './registry.js';
import { formatIssues, loadPlanFile } from './load.js';

export async function planCmd(a: Args, io: Io): Promise<number> {
  const [file] = a.positionals;
  if (!file || a.positionals.length > 1) throw new UsageError('give one plan file (<id>.plan.json)');
  const r = await loadPlanFile(file);
  if (!r.ok) {
    io.err(formatIssues(file, r.errors));
    return EXIT.failed;
  }
  io.out(a.bools.has('json') ? JSON.stringify({ plan: r.value, stages: backCalculate(r.value) }, null, 2) : formatPlan(r.value));
  return 0;
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '' : `${+(x * 100).toFixed(1)} %`);
const num = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));

/** The funnel as a table; with a plan, the planned rate and days beside the measured ones. */
export function formatFunnel(f: FunnelResponse, plan: Plan | null): string {
  const planned = new Map((plan ? backCalculate(plan) : []).map((p) => [p.stage, p]));
  const head = ['stage', 'reached', 'recycled', 'to next', 'conversion', 'planned', 'median days', 'planned days'];
  const line = (s: FunnelStage) => {
    const p = planned.get(s.stage);
    const gap = p?.conversion != null && s.conversion !== null && s.conversion < p.conversion ? ' !' : '';
    return [s.stage, String(s.reached), String(s.recycled), num(s.convertedToNext), pct(s.conversion) + gap, pct(p?.conversion), num(s.medianDaysToNext), num(p?.days)];
  };
  const table = (stages: FunnelStage[]) => {
    const rows = [head, ...stages.map(line)];
    const w = head.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
    return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i] as number) : c.padStart(w[i] as number))).join('  ')).join('\n');
  };
  const h = f.handoffs;
  const out = [
    `${f.ruleSet} ${f.from.slice(0, 10)} – ${f.to.slice(0, 10)} (to exclusive); conversions along ${f.sequence.join(' → ')}${plan ? ' (the plan)' : ' (default: no plan)'}`,
    '',
    table(f.stages),
    '',
    `handoffs: ${h.total} (${h.onTime} on time, ${h.breached} breached, ${h.open} open; median response ${h.medianResponseHours ?? '-'} h); answers: ${h.accepted} accepted, ${h.sentBack} sent back${h.acceptanceRate === null ? '' : ` (${pct(h.acceptanceRate)} accepted)`}`,
  ];
  // A runtime from before publish times were recorded sends no `published`.
  const published = (f.published ?? []).map((v) => `v${v.version} ${v.publishedAt === null ? '(no publish time recorded)' : `${v.publishedAt.slice(0, 16).replace('T', ' ')} UTC`}`);
  if (published.length) out.push(`published: ${published.join(', ')}`);
  for (const g of f.groups) out.push('', `— ${g.key}`, table(g.stages));
  if (plan && f.stages.some((s) => line(s)[4]?.endsWith('!'))) out.push('', '! below the planned conversion');
  return out.join('\n');
}

/** The first instant of the current quarter (UTC). */
function quarterStart(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1)).toISOString();
}

export async function funnelCmd(a: Args, io: Io, env: Record<string, string | undefined> = process.env): Promise<number> {
  const url = a.flags.url ?? env.SLUICE_URL;
  const ruleSet = a.flags.ruleset;
  const key = a.flags.key ?? env.SLUICE_SECRET_KEY;
  if (!url) throw new UsageError('give --url (or SLUICE_URL): the runtime to ask');
  if (!ruleSet) throw new UsageError('give --ruleset <id>');
  if (!key) throw new UsageError('give --key or set SLUICE_SECRET_KEY: GET /v1/funnel needs a secret key');
  const by = a.flags.by;
  if (by !== undefined && !['month', 'quarter', 'version', 'source'].includes(by)) throw new UsageError('--by is one of month, quarter, version, source');
  const client = createClient({ baseUrl: url, key, timeoutMs: 30_000 });
  const now = new Date();
  try {
    const f = await client.funnel({ ruleSet, from: a.flags.from ?? quarterStart(now), to: a.flags.to ?? now.toISOString(), ...(by ? { by: by as 'month' } : {}) });
    io.out(a.bools.has('json') ? JSON.stringify(f, null, 2) : formatFunnel(f, await client.getPlan(ruleSet)));
    return EXIT.ok;
  } catch (e) {
    // The runtime's answer (a bad date, an unknown rule set, a wrong key) or no answer: one line, exit 2.
    if (e instanceof SluiceError) throw new CliError(`${url}: ${e.message}`);
    throw e;
  }
}
