// GET /v1/funnel over 1,000,000 stage records (run by `pnpm bench`, after `pnpm -r build`).
// Seeds a year of stage history into SQLite (funnel-seed.mjs: the built store's migrations,
// then one bulk transaction), sets the plan (PUT …/plan), which works every record out for
// the plan's sequence (timed: the cost of a new plan), then calls the built app in-process
// (app.request: the whole route, store tallies and counting, without a socket) and times the
// funnel of one quarter, of the whole year (every record in the window), and of the year by
// month, by version and by source: the median of 5 calls after a warm-up, wall-clock and CPU
// time (the CPU time is what this process spent, which a busy shared machine inflates less
// than the wall clock). Side by side, two baselines: reading the window's records once, raw,
// with nothing done to them (the floor any pass over those rows in JavaScript pays), and the
// first-entries query GET /v1/funnel ran before the funnel basis (prev_at, two look-ups per
// first entry, every entry read into JavaScript), whose entries, tallied by the SDK's
// tallyEntries, must equal the store's tallies (checked here, on all 1,000,000 records).
// Target: under 1 s on 1,000,000 records. BENCH_FUNNEL_RECORDS changes the size.
// BENCH_FUNNEL_POSTGRES=<server URL> (a user that may create databases) also seeds the same
// history into a new PostgreSQL database, re-works it for the plan and times the same queries
// there (wall clock: the work is the server's), checking every answer equals SQLite's.
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seed, seedPostgres } from './funnel-seed.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rt = await import(join(root, 'runtime', 'dist', 'index.js'));
const sdk = await import(join(root, 'sdk', 'dist', 'index.js'));
const Database = createRequire(join(root, 'runtime', 'package.json'))('better-sqlite3');

const KEY = 'sk_bench_key';
const RECORDS = Number(process.env.BENCH_FUNNEL_RECORDS ?? 1_000_000);
const ID = 'waterfall-6-layer';
// The example plan (6 wins a quarter), for this rule set.
const PLAN = { ...JSON.parse(readFileSync(join(root, 'examples', 'bant-handoff.plan.json'), 'utf8')), ruleSet: ID };
const QUERIES = [
  ['one quarter (2025-Q2)', '2025-04-01', '2025-07-01', ''],
  ['the year (2025)', '2025-01-01', '2026-01-01', ''],
  ['the year by month', '2025-01-01', '2026-01-01', '&by=month'],
  ['the year by version', '2025-01-01', '2026-01-01', '&by=version'],
  ['the year by source', '2025-01-01', '2026-01-01', '&by=source'],
];

// GET /v1/funnel's first-entries query before the funnel basis (store migration 5): first
// entries by prev_at, then two look-ups per first entry; every entry read into JavaScript.
const pos = (col) => `(CASE ${col} ${PLAN.stages.map((_, i) => `WHEN @s${i} THEN ${i}`).join(' ')} END)`;
const BEFORE_SQL = `WITH firsts AS MATERIALIZED (
  SELECT lead_id, to_stage, ${pos('to_stage')} AS pos, at, version FROM stage_history
  WHERE rule_set_id = @rs AND cause <> 'handoff' AND at >= @from AND at < @to AND (prev_at IS NULL OR prev_at < @from)
  ORDER BY lead_id
)
SELECT f.to_stage, f.at, f.version,
  (SELECT MIN(h.at) FROM stage_history h
    WHERE h.lead_id = f.lead_id AND h.rule_set_id = @rs AND h.at >= f.at AND h.cause <> 'handoff' AND ${pos('h.to_stage')} > f.pos
  ) AS next_at,
  CASE WHEN EXISTS (
    SELECT 1 FROM stage_history r WHERE r.lead_id = f.lead_id AND r.rule_set_id = @rs AND r.to_stage = @recycled AND r.at < f.at AND r.cause <> 'handoff'
  ) THEN 1 ELSE 0 END AS recycled
FROM firsts f`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => n.toLocaleString('en-US');

/** Median wall and CPU milliseconds of `fn` over 5 runs after a warm-up. */
async function time(fn) {
  const first = await fn();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < 5; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu), first };
}

/** The same history, plan and queries on a new PostgreSQL database; each answer must equal SQLite's (`sqliteRows`). */
async function onPostgres(serverUrl, registry, keys, sqliteRows, callOn) {
  const pg = createRequire(join(root, 'runtime', 'package.json'))('pg');
  const name = `sluice_bench_funnel_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    const store = await rt.openPostgresStore(u.toString());
    const c = new pg.Client({ connectionString: u.toString() });
    await c.connect();
    const t0 = performance.now();
    const seeded = await seedPostgres(c, RECORDS, ID);
    await c.end();
    const seedSeconds = (performance.now() - t0) / 1000;
    const p0 = performance.now();
    await store.prepareFunnel(ID, PLAN.stages, PLAN.recycledStage ?? 'Recycled');
    const buildSeconds = (performance.now() - p0) / 1000;
    const call = callOn(rt.createApp({ store, registry, keys, rateLimits: null }));
    console.log(`\nPostgreSQL (same machine): ${fmt(seeded.records)} records seeded in ${seedSeconds.toFixed(1)} s; the plan's re-working took ${buildSeconds.toFixed(1)} s; median of 5 calls after a warm-up, wall clock; every answer equal to SQLite's.\n`);
    console.log('| query | funnel wall (PostgreSQL) | SQLite wall, above | PostgreSQL / SQLite |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const [i, [label, from, to, by]] of QUERIES.entries()) {
      const f = await time(() => call('GET', `/v1/funnel?ruleSet=${ID}&from=${from}&to=${to}${by}`));
      const lite = sqliteRows[i].f;
      const same = (x) => JSON.stringify({ stages: x.stages, groups: x.groups, handoffs: x.handoffs });
      if (same(f.first) !== same(lite.first)) throw new Error(`${label}: PostgreSQL's funnel differs from SQLite's`);
      console.log(`| ${label} | **${f.wall.toFixed(0)} ms** | ${lite.wall.toFixed(0)} ms | ${(f.wall / lite.wall).toFixed(2)}× |`);
    }
    await store.close();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-funnel-'));
try {
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'rules'));
  const file = join(dir, 'data', 'sluice.db');
  const t0 = performance.now();
  const seeded = seed(file, RECORDS, ID);
  const seedSeconds = (performance.now() - t0) / 1000;
  const store = rt.openSqliteStore(file);
  const registry = new rt.Registry({ rulesDir: join(dir, 'rules'), examplesDir: join(root, 'examples'), git: 'off' });
  const keys = new rt.KeyRing();
  keys.add(KEY, 'secret', 'bench');
  const app = rt.createApp({ store, registry, keys, rateLimits: null });
  const callOn = (a) => async (method, path, body) => {
    const res = await a.request(path, { method, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const json = await res.json();
    if (res.status !== 200) throw new Error(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const call = callOn(app);

  // A new plan: every record worked out for its sequence (in the background after PUT; the
  // store's prepareFunnel shares those batches and returns when the last is done).
  const c0 = process.cpuUsage();
  const p0 = performance.now();
  await call('PUT', `/v1/rulesets/${ID}/plan`, PLAN);
  await store.prepareFunnel(ID, PLAN.stages, PLAN.recycledStage ?? 'Recycled');
  const build = { wall: performance.now() - p0, cpu: ((u) => (u.user + u.system) / 1000)(process.cpuUsage(c0)) };
  // The baseline query as it ran before: with its index (dropped by store migration 5).
  const w = new Database(file);
  w.exec("CREATE INDEX bench_before ON stage_history(rule_set_id, at, lead_id, to_stage, version, prev_at, cause) WHERE cause <> 'handoff'");
  w.close();
  const raw = new Database(file, { readonly: true });
  const scan = raw.prepare("SELECT lead_id, to_stage, at, version FROM stage_history WHERE rule_set_id = ? AND cause <> 'handoff' AND at >= ? AND at < ?").raw(true);
  // The query before the funnel basis, on the same database: its entries, tallied by the
  // SDK, must be the store's tallies; its time is the "before" of this run.
  const before = raw.prepare(BEFORE_SQL);
  const seqParams = Object.fromEntries(PLAN.stages.map((st, i) => [`s${i}`, st]));
  const rows = [];
  for (const [name, from, to, by] of QUERIES) {
    const f = await time(() => call('GET', `/v1/funnel?ruleSet=${ID}&from=${from}&to=${to}${by}`));
    const base = await time(async () => scan.all(ID, Date.parse(from), Date.parse(to)).length);
    const params = { rs: ID, from: Date.parse(from), to: Date.parse(to), recycled: 'Recycled', ...seqParams };
    const old = by ? null : await time(async () => before.all(params));
    if (old) {
      const q = { ruleSetId: ID, fromMs: params.from, toMs: params.to, sequence: PLAN.stages, recycledStage: 'Recycled', now: Date.parse(to) };
      const entries = old.first.map((r) => ({ leadId: '', stage: r.to_stage, at: r.at, version: r.version, nextAt: r.next_at, recycled: r.recycled === 1 }));
      const want = sdk.measureFunnel({ tallies: sdk.tallyEntries({ entries, handoffs: [], answers: [], now: q.now }), sequence: PLAN.stages }).stages;
      const mine = sdk.measureFunnel({ tallies: await store.funnelTallies(q), sequence: PLAN.stages }).stages;
      if (JSON.stringify(mine) !== JSON.stringify(want)) throw new Error(`${name}: the store's funnel differs from the query before the funnel basis\n${JSON.stringify(mine)}\n${JSON.stringify(want)}`);
    }
    rows.push({ name, f, base, old, inWindow: base.first });
  }
  raw.close();

  // Writes: CRM stage records into a lead with 10 records and into one with 5,000 (its stage
  // flipping between MQL and SQL, as a lead whose score hovers at a threshold would), in
  // alternating rounds so both see the same load. Each keeps the funnel columns of the lead's
  // records it changes (funnel-sql.ts, AFTER_INSERT_SQL). Target: big ≥ 0.5 × small.
  const writer = (lead, n0) => {
    let n = n0;
    return () => store.recordStageRecord({ leadId: lead, ruleSetId: ID, version: 2, cause: 'crm', to: n % 2 ? 'SQL' : 'MQL', reason: null, at: Date.parse('2026-01-01') + n * 60_000, source: 'bench', recordId: `${lead}-${n++}` });
  };
  const small = writer('W-small', 0);
  const big = writer('W-big', 0);
  for (let i = 0; i < 10; i++) await small();
  for (let i = 0; i < 5000; i++) await big();
  const rate = { small: [], big: [] };
  for (let round = 0; round < 6; round++) {
    for (const [k, w] of [['small', small], ['big', big]]) {
      const t = performance.now();
      for (let i = 0; i < 200; i++) await w();
      rate[k].push(200 / ((performance.now() - t) / 1000));
    }
  }
  const writes = { small: median(rate.small), big: median(rate.big) };
  await store.close();

  console.log('<!-- markdown -->');
  console.log(`GET /v1/funnel in-process (app.request), SQLite; ${fmt(seeded.records)} stage records of ${fmt(seeded.leads)} leads over 2025 (seeded in ${seedSeconds.toFixed(1)} s); a new plan (PUT, every record worked out for it) took ${(build.wall / 1000).toFixed(1)} s wall / ${(build.cpu / 1000).toFixed(1)} s CPU; median of 5 calls after a warm-up; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end. Baselines in the same run: reading the window's records once, raw; and the first-entries query before the funnel basis alone (no counting), whose entries, tallied, are checked to give the store's funnel.\n`);
  console.log('| query | records in the window | funnel wall | funnel CPU | raw read CPU | query before CPU | funnel / query before |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(`| ${r.name} | ${fmt(r.inWindow)} | ${r.f.wall.toFixed(0)} ms | **${r.f.cpu.toFixed(0)} ms** | ${r.base.cpu.toFixed(0)} ms | ${r.old ? `${r.old.cpu.toFixed(0)} ms` : ''} | ${r.old ? `${(r.f.cpu / r.old.cpu).toFixed(2)}×` : ''} |`);
  }
  console.log(`\nCRM stage records written (store.recordStageRecord, SQLite with synchronous = FULL: one fsync each), median of 6 rounds of 200: a lead with 10 records ${fmt(Math.round(writes.small))}/s, a lead with 5,000 records ${fmt(Math.round(writes.big))}/s (${(writes.big / writes.small).toFixed(2)}× the small lead; target ≥ 0.5×).`);
  const q = rows[0];
  const y = rows[1];
  const lead = y.f.first.stages.find((s) => s.stage === 'Lead');
  if (process.env.BENCH_FUNNEL_POSTGRES) await onPostgres(process.env.BENCH_FUNNEL_POSTGRES, registry, keys, rows, callOn);
  console.log(`\nTarget < 1000 ms on ${fmt(seeded.records)} records: a quarter ${q.f.cpu.toFixed(0)} ms CPU / ${q.f.wall.toFixed(0)} ms wall (${q.f.cpu < 1000 ? 'OK' : 'MISSED'} in CPU); the whole year in one window ${y.f.cpu.toFixed(0)} ms CPU / ${y.f.wall.toFixed(0)} ms wall (${y.f.cpu < 1000 ? 'OK' : 'MISSED'}). The year's Lead stage: ${fmt(lead.reached)} reached, ${fmt(lead.convertedToNext)} went on (${(lead.conversion * 100).toFixed(1)} %).`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
