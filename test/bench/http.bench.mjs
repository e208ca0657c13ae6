// HTTP benchmark of the runtime (run by `pnpm bench`, after `pnpm -r build`).
// Starts the built server on 127.0.0.1 (random port) and measures, in the same run:
//   bare    GET /bench/bare — a Hono route returning a fixed JSON body, same process,
//           same middleware stack (request id, metrics), enabled by SLUICE_BENCH_BARE=1
//   single  POST /v1/score — one lead of an example rule set (auth, validation, engine)
//   batch   POST /v1/score/batch — 100,000 NDJSON leads streamed in and out: the single
//           scenario's SQL lead (the costly path: an SLA due time in a time zone), then the
//           example leads mix when examples/data/leads.ndjson exists
// Targets: single ≥ 0.6 × bare req/s; batch ≥ 50,000 leads/s. Loopback only.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startServer } from './serve.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const KEY = 'sk_bench_key';
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const BATCH_LEADS = Number(process.env.BENCH_BATCH_LEADS ?? 100_000);

const RULE_SET = 'fit-engagement-decay';
const LEAD = {
  ruleSet: RULE_SET,
  lead: { title: 'VP Marketing', seniority: 'vp', department: 'marketing', emailDomain: 'brightlane.io' },
  account: { industry: 'software', employees: 850, region: 'NA' },
  events: [
    { type: 'demo_request', at: '2025-06-09T14:00:00Z' },
    { type: 'pricing_view', at: '2025-06-08T14:00:00Z' },
    { type: 'page_view', at: '2025-06-07T14:00:00Z' },
  ],
  now: '2025-06-11T14:00:00Z',
};

const start = (dir) => startServer(dir, { SLUICE_SECRET_KEY: KEY, SLUICE_BENCH_BARE: '1' });

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, pipelining: 1, duration: DURATION, ...opts }, (err, r) => (err ? reject(err) : resolve(r)));
  });
}

async function batch(url, inputLines) {
  // 1000 lines per chunk, cycling through the given lines.
  const block = Array.from({ length: 1000 }, (_, i) => inputLines[i % inputLines.length]).join('\n') + '\n';
  const chunk = new TextEncoder().encode(block);
  let sent = 0;
  const body = new ReadableStream({
    pull(c) {
      if (sent >= BATCH_LEADS) return c.close();
      c.enqueue(chunk);
      sent += 1000;
    },
  });
  const t0 = performance.now();
  const res = await fetch(`${url}/v1/score/batch?ruleSet=${RULE_SET}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-ndjson' },
    body,
    duplex: 'half',
  });
  if (res.status !== 200) throw new Error(`batch: HTTP ${res.status}`);
  let lines = 0;
  let errors = 0;
  const dec = new TextDecoder();
  let rest = '';
  for await (const part of res.body) {
    const text = rest + dec.decode(part, { stream: true });
    const all = text.split('\n');
    rest = all.pop() ?? '';
    for (const l of all) {
      lines++;
      if (l.includes('"error"')) errors++;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { lines, errors, seconds, perSecond: lines / seconds };
}

const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
const { child, url } = await start(dir);
try {
  // Warm up both paths (JIT, the rule set's compile).
  await cannon({ url: `${url}/bench/bare`, duration: 2 });
  const scoreReq = { url: `${url}/v1/score`, method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(LEAD) };
  await cannon({ ...scoreReq, duration: 2 });

  const bare = await cannon({ url: `${url}/bench/bare` });
  const single = await cannon(scoreReq);
  if (single.non2xx || bare.non2xx) throw new Error(`non-2xx responses: single ${single.non2xx}, bare ${bare.non2xx}`);
  const b = await batch(url, [JSON.stringify({ lead: LEAD.lead, account: LEAD.account, events: LEAD.events, now: LEAD.now })]);
  if (b.lines !== BATCH_LEADS || b.errors) throw new Error(`batch: ${b.lines} lines, ${b.errors} errors`);
  // The synthetic example leads (examples/data/leads.ndjson, made by examples/data/generate.ts)
  // are a realistic mix: most leads are rejected or nurtured, few reach a handoff with an SLA.
  const mixFile = join(root, 'examples', 'data', 'leads.ndjson');
  const mix = existsSync(mixFile) ? await batch(url, readFileSync(mixFile, 'utf8').split('\n').filter(Boolean)) : null;
  if (mix && (mix.lines !== BATCH_LEADS || mix.errors)) throw new Error(`batch (mix): ${mix.lines} lines, ${mix.errors} errors`);

  const rows = [
    ['scenario', 'req/s (mean)', 'p99 ms', 'leads/s'],
    ['bare Hono route', bare.requests.average.toFixed(0), String(bare.latency.p99), ''],
    ['POST /v1/score', single.requests.average.toFixed(0), String(single.latency.p99), single.requests.average.toFixed(0)],
    [`POST /v1/score/batch, same SQL lead (${BATCH_LEADS.toLocaleString('en')}, ${b.seconds.toFixed(2)} s)`, '', '', b.perSecond.toFixed(0)],
    ...(mix ? [[`POST /v1/score/batch, example leads mix (${BATCH_LEADS.toLocaleString('en')}, ${mix.seconds.toFixed(2)} s)`, '', '', mix.perSecond.toFixed(0)]] : []),
  ];
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`\nSluice HTTP benchmark — ${DURATION} s per scenario, ${CONNECTIONS} connections, Node ${process.version}\n`);
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
  const ratio = single.requests.average / bare.requests.average;
  console.log(`\nsingle / bare = ${ratio.toFixed(2)} (target ≥ 0.60) ${ratio >= 0.6 ? 'OK' : 'BELOW TARGET'}`);
  const best = Math.max(b.perSecond, mix?.perSecond ?? 0);
  console.log(`batch = ${best.toFixed(0)} leads/s${mix ? ' (best of the two)' : ''} (target ≥ 50,000) ${best >= 50_000 ? 'OK' : 'BELOW TARGET'}`);
  console.log(`load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} CPUs`);
} finally {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
