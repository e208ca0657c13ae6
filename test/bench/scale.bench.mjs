// Scale-out (run by `pnpm bench`, after `pnpm -r build`): events/s and score req/s for 1 runtime
// on SQLite against 1, 2 and 3 runtimes on one PostgreSQL, side by side in one run, with the
// CPU each event and each score costs (runtime processes and PostgreSQL's, read from /proc).
//   events  POST /v1/events, one new event per request for one of 1,000 leads; each is stored
//           and its lead re-scored with fit-engagement-decay (the default rule set) and its
//           stage recorded: the whole ingestion path
//   score   POST /v1/score of an inline lead (no leadId): the stateless path
// BENCH_CLIENTS (32) concurrent clients spread over the runtimes round-robin, BENCH_SECONDS (8)
// per measurement. PostgreSQL: SLUICE_BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test
// (a fresh database per configuration, dropped after). Without a server the PostgreSQL rows say so.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pg = createRequire(join(root, 'runtime', 'package.json'))('pg');
const KEY = 'sk_bench_key';
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const SERVER = process.env.SLUICE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TICK = 100; // clock ticks per second (/proc/<pid>/stat utime, stime)

/** CPU seconds used so far by these pids, or by every process named `comm`. */
function cpuSeconds(pids, comm) {
  let ticks = 0;
  const list = pids ?? readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  for (const pid of list) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm && name !== comm) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // the process ended
    }
  }
  return ticks / TICK;
}

async function admin(sql) {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const stop = (child) => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM')));
const lead = { title: 'VP Marketing', seniority: 'vp', department: 'marketing' };
const account = { industry: 'software', employees: 850 };

/** CLIENTS loops for SECONDS, each sending `body(i)` to the runtimes in turn; returns requests/s. */
async function load(urls, path, body) {
  let done = 0;
  let failed = 0;
  let i = 0;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        const n = i++;
        const res = await fetch(`${urls[n % urls.length]}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify(body(n)),
        });
        const text = await res.text();
        if (res.status === 200) done++;
        else if (failed++ === 0) console.error(`${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
      }
    }),
  );
  if (failed) throw new Error(`${path}: ${failed} requests failed`);
  return { n: done, perSecond: done / ((performance.now() - t0) / 1000) };
}

async function measure(label, instances, databaseUrl) {
  const dirs = Array.from({ length: instances }, () => mkdtempSync(join(tmpdir(), 'sluice-bench-scale-')));
  const env = {
    SLUICE_SECRET_KEY: KEY, SLUICE_GIT: 'off', SLUICE_DEFAULT_RULESET: 'fit-engagement-decay', SLUICE_WEBHOOK_SECRET: 'w', SLUICE_IDENTITY_SECRET: 'i',
    ...(databaseUrl ? { SLUICE_DATABASE_URL: databaseUrl } : {}),
  };
  const servers = [];
  try {
    // One after the other: the first migrates, the rest find the schema there.
    for (const d of dirs) servers.push(await startServer(d, env));
    const urls = servers.map((s) => s.url);
    const pids = servers.map((s) => String(s.child.pid));
    const stamp = Date.now();
    const run = async (path, body) => {
      await load(urls, path, body); // warm-up: JIT, connections (the first half-second)
      const [rt0, db0] = [cpuSeconds(pids), cpuSeconds(null, 'postgres')];
      const r = await load(urls, path, body);
      const [rt1, db1] = [cpuSeconds(pids), cpuSeconds(null, 'postgres')];
      return { ...r, runtimeMs: ((rt1 - rt0) * 1000) / r.n, dbMs: databaseUrl ? ((db1 - db0) * 1000) / r.n : 0 };
    };
    const events = await run('/v1/events', (n) => ({ events: [{ id: `${stamp}-${n}`, type: n % 3 ? 'page_view' : 'pricing_view', at: new Date().toISOString(), leadId: `lead-${n % 1000}` }] }));
    const score = await run('/v1/score', () => ({ ruleSet: 'fit-engagement-decay', lead, account }));
    return { label, instances, events, score };
  } finally {
    await Promise.all(servers.map((s) => stop(s.child)));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

let pgProblem = null;
try {
  await admin('SELECT 1');
} catch (e) {
  pgProblem = e.message;
}

const rows = [await measure('SQLite', 1, null)];
if (!pgProblem) {
  for (const n of [1, 2, 3]) {
    const name = `sluice_bench_${process.pid}_${n}`;
    await admin(`CREATE DATABASE ${name}`);
    const u = new URL(SERVER);
    u.pathname = `/${name}`;
    try {
      rows.push(await measure('PostgreSQL', n, u.toString()));
    } finally {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }
}

const base = rows[0];
const f0 = (x) => x.toFixed(0);
const f2 = (x) => x.toFixed(2);
console.log('<!-- markdown -->');
console.log(`${CLIENTS} concurrent clients for ${SECONDS} s per cell (after an equal warm-up), round-robin over the runtimes, all on this machine (${(await import('node:os')).cpus().length} cores shared by the runtimes, PostgreSQL and the load generator). Ratios are to 1 runtime on SQLite, measured in the same run. CPU ms are per request: the runtime processes' user+system time, and all PostgreSQL processes' (\`/proc\`).\n`);
console.log('| store | runtimes | events/s | ratio | CPU ms/event (runtime + PostgreSQL) | score req/s | ratio | CPU ms/score |');
console.log('| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.label} | ${r.instances} | ${f0(r.events.perSecond)} | ${f2(r.events.perSecond / base.events.perSecond)} | ${f2(r.events.runtimeMs)}${r.events.dbMs ? ` + ${f2(r.events.dbMs)}` : ''} | ${f0(r.score.perSecond)} | ${f2(r.score.perSecond / base.score.perSecond)} | ${f2(r.score.runtimeMs)} |`,
  );
}
if (pgProblem) console.log(`\nPostgreSQL rows SKIPPED: no server at ${SERVER} (${pgProblem}).`);
