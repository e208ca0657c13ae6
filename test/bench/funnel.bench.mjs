// GET /v1/funnel over 1,000,000 stage records (run by `pnpm bench`, after `pnpm -r build`).
// Seeds a year of stage history into SQLite (funnel-seed.mjs: the built store's migrations,
// then one bulk transaction), then calls the built app in-process (app.request: the whole
// route, store query and counting, without a socket) and times the funnel of one quarter,
// of the whole year (every record in the window), and of the year by month and by version:
// the median of 5 calls after a warm-up, wall-clock and CPU time (the CPU time is what this
// process spent, which a busy shared machine inflates less than the wall clock). Side by side,
// two baselines: reading the window's records once, raw, with nothing done to them (the floor
// any query over those rows pays), and the first-entries query as it was before prev_at (a
// sort of the window), whose entries must equal the store's one for one (checked here, on all
// 1,000,000 records).
// Target: under 1 s on 1,000,000 records. BENCH_FUNNEL_RECORDS changes the size.
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seed } from './funnel-seed.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rt = await import(join(root, 'runtime', 'dist', 'index.js'));
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
];

// GET /v1/funnel's first-entries query as it was before prev_at (store migration 4): every
// record in the window sorted by a window function, then two look-ups per first entry.
const BEFORE_SQL = `WITH seq(stage, pos) AS (VALUES ${PLAN.stages.map((_, i) => `(@s${i}, ${i})`).join(', ')}),
firsts AS (
  SELECT lead_id, to_stage, at, version FROM (
    SELECT lead_id, to_stage, at, version, ROW_NUMBER() OVER (PARTITION BY lead_id, to_stage ORDER BY at, seq) AS n
    FROM stage_history WHERE rule_set_id = @rs AND cause <> 'handoff' AND at >= @from AND at < @to
  ) w WHERE n = 1
)
SELECT f.lead_id, f.to_stage, f.at, f.version,
  CASE WHEN p.pos IS NULL THEN NULL ELSE (
    SELECT MIN(h.at) FROM stage_history h JOIN seq p2 ON p2.stage = h.to_stage
    WHERE h.lead_id = f.lead_id AND h.rule_set_id = @rs AND h.at >= f.at AND p2.pos > p.pos AND h.cause <> 'handoff'
  ) END AS next_at,
  CASE WHEN EXISTS (
    SELECT 1 FROM stage_history r WHERE r.lead_id = f.lead_id AND r.rule_set_id = @rs AND r.to_stage = @recycled AND r.at < f.at
  ) THEN 1 ELSE 0 END AS recycled
FROM firsts f LEFT JOIN seq p ON p.stage = f.to_stage`;

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
  const call = async (method, path, body) => {
    const res = await app.request(path, { method, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const json = await res.json();
    if (res.status !== 200) throw new Error(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  await call('PUT', `/v1/rulesets/${ID}/plan`, PLAN);
  const raw = new Database(file, { readonly: true });
  const scan = raw.prepare("SELECT lead_id, to_stage, at, version FROM stage_history WHERE rule_set_id = ? AND cause <> 'handoff' AND at >= ? AND at < ?").raw(true);
  // The query before prev_at (one ROW_NUMBER sort of the window), on the same database: its
  // entries must be the store's, one for one, and its time is the "before" of this run.
  const before = raw.prepare(BEFORE_SQL).raw(true);
  const seqParams = Object.fromEntries(PLAN.stages.map((st, i) => [`s${i}`, st]));
  const rows = [];
  for (const [name, from, to, by] of QUERIES) {
    const f = await time(() => call('GET', `/v1/funnel?ruleSet=${ID}&from=${from}&to=${to}${by}`));
    const base = await time(async () => scan.all(ID, Date.parse(from), Date.parse(to)).length);
    const params = { rs: ID, from: Date.parse(from), to: Date.parse(to), recycled: 'Recycled', ...seqParams };
    const old = by ? null : await time(async () => before.all(params));
    if (old) {
      const mine = await store.funnelEntries({ ruleSetId: ID, fromMs: params.from, toMs: params.to, sequence: PLAN.stages, recycledStage: 'Recycled', leadIds: true });
      const key = (l, st, at, v, next, rec) => `${l}|${st}|${at}|${v}|${next ?? ''}|${rec ? 1 : 0}`;
      const want = new Set(old.first.map((r) => key(...r)));
      const same = mine.length === want.size && mine.every((e) => want.has(key(e.leadId, e.stage, e.at, e.version, e.nextAt, e.recycled)));
      if (!same) throw new Error(`${name}: the store's first entries differ from the query before prev_at (${mine.length} against ${want.size})`);
    }
    rows.push({ name, f, base, old, inWindow: base.first });
  }
  raw.close();
  await store.close();

  console.log('<!-- markdown -->');
  console.log(`GET /v1/funnel in-process (app.request), SQLite; ${fmt(seeded.records)} stage records of ${fmt(seeded.leads)} leads over 2025 (seeded in ${seedSeconds.toFixed(1)} s); median of 5 calls after a warm-up; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end. Baselines in the same run: reading the window's records once, raw; and the first-entries query before prev_at alone (no counting), whose entries the store's are checked to equal one for one.\n`);
  console.log('| query | records in the window | funnel wall | funnel CPU | raw read CPU | query before prev_at CPU | funnel / query before |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(`| ${r.name} | ${fmt(r.inWindow)} | ${r.f.wall.toFixed(0)} ms | **${r.f.cpu.toFixed(0)} ms** | ${r.base.cpu.toFixed(0)} ms | ${r.old ? `${r.old.cpu.toFixed(0)} ms` : ''} | ${r.old ? `${(r.f.cpu / r.old.cpu).toFixed(2)}×` : ''} |`);
  }
  const q = rows[0];
  const y = rows[1];
  const lead = y.f.first.stages.find((s) => s.stage === 'Lead');
  console.log(`\nTarget < 1000 ms on ${fmt(seeded.records)} records: a quarter ${q.f.cpu.toFixed(0)} ms CPU / ${q.f.wall.toFixed(0)} ms wall (${q.f.cpu < 1000 ? 'OK' : 'MISSED'} in CPU); the whole year in one window ${y.f.cpu.toFixed(0)} ms CPU / ${y.f.wall.toFixed(0)} ms wall (${y.f.cpu < 1000 ? 'OK' : 'MISSED'}). The year's Lead stage: ${fmt(lead.reached)} reached, ${fmt(lead.convertedToNext)} went on (${(lead.conversion * 100).toFixed(1)} %).`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
