// GET /v1/funnel over 1,000,000 stage records (run by `pnpm bench`, after `pnpm -r build`).
// Seeds a year of stage history into SQLite (funnel-seed.mjs: the built store's migrations,
// then one bulk transaction), then calls the built app in-process (app.request: the whole
// route, store query and counting, without a socket) and times the funnel of one quarter,
// of the whole year (every record in the window), and of the year by month and by version:
// the median of 5 calls after a warm-up, wall-clock and CPU time (the CPU time is what this
// process spent, which a busy shared machine inflates less than the wall clock). Side by side,
// the baseline: reading the window's rows once from the same index, raw, with nothing done
// to them — the floor any funnel query over those rows pays.
// Target: under 1 s on 1,000,000 records. BENCH_FUNNEL_RECORDS changes the size.
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
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
  const scan = raw.prepare('SELECT lead_id, to_stage, at, version FROM stage_history WHERE rule_set_id = ? AND at >= ? AND at < ?').raw(true);
  const rows = [];
  for (const [name, from, to, by] of QUERIES) {
    const f = await time(() => call('GET', `/v1/funnel?ruleSet=${ID}&from=${from}&to=${to}${by}`));
    const base = await time(async () => scan.all(ID, Date.parse(from), Date.parse(to)).length);
    rows.push({ name, f, base, inWindow: base.first });
  }
  raw.close();
  await store.close();

  console.log('<!-- markdown -->');
  console.log(`GET /v1/funnel in-process (app.request), SQLite; ${fmt(seeded.records)} stage records of ${fmt(seeded.leads)} leads over 2025 (seeded in ${seedSeconds.toFixed(1)} s); median of 5 calls after a warm-up. Baseline: reading the window's rows once, raw, from the same covering index.\n`);
  console.log('| query | records in the window | funnel wall | funnel CPU | baseline CPU | funnel / baseline (CPU) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(`| ${r.name} | ${fmt(r.inWindow)} | ${r.f.wall.toFixed(0)} ms | **${r.f.cpu.toFixed(0)} ms** | ${r.base.cpu.toFixed(0)} ms | ${(r.f.cpu / r.base.cpu).toFixed(1)}× |`);
  }
  const q = rows[0];
  const y = rows[1];
  const lead = y.f.first.stages.find((s) => s.stage === 'Lead');
  console.log(`\nTarget < 1000 ms on ${fmt(seeded.records)} records: a quarter ${q.f.cpu.toFixed(0)} ms CPU / ${q.f.wall.toFixed(0)} ms wall (${q.f.cpu < 1000 ? 'OK' : 'MISSED'} in CPU); the whole year in one window ${y.f.cpu.toFixed(0)} ms CPU / ${y.f.wall.toFixed(0)} ms wall (${y.f.cpu < 1000 ? 'OK' : 'MISSED'}). The year's Lead stage: ${fmt(lead.reached)} reached, ${fmt(lead.convertedToNext)} went on (${(lead.conversion * 100).toFixed(1)} %).`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
