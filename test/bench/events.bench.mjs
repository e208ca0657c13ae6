// Per-event cost of POST /v1/events (run by `pnpm bench`, after `pnpm -r build`).
// Starts the built server (SQLite in a temp folder, fit-engagement-decay as the default rule
// set: 7 decayed event rules, a 90-day half-life) and, in the same run, sends one event per
// request, one request at a time, into
//   small  a lead with 10 stored events
//   big    a lead with 100,000 stored events spread over the last two years
// alternating small and big in rounds, so both see the same machine load. Each event is
// stored, the lead re-scored (its stage recorded): the whole path a customer's event takes.
// A third server without the per-lead limit (SLUICE_LEAD_EVENT_LIMIT=10000000) shows what
// reading every event within the horizon would cost (the behaviour before bounded reads).
// Target: big ≥ 0.5 × small events/s. Also times GET /v1/leads/:id on the big lead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './serve.mjs';

const KEY = 'sk_bench_key';
const BIG = Number(process.env.BENCH_BIG_EVENTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const PER_ROUND = Number(process.env.BENCH_EVENTS_PER_ROUND ?? 100);
const DAY = 86_400_000;
const TYPES = ['page_view', 'pricing_view', 'content_download', 'email_click', 'webinar_attended', 'demo_request'];

const start = (dir, env = {}) => startServer(dir, { SLUICE_SECRET_KEY: KEY, SLUICE_GIT: 'off', ...env });

const stop = (child) => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM')));

async function post(url, path, body, method = 'POST') {
  const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

let n = 0;
const event = (lead, at) => ({ id: `b${n++}`, type: TYPES[n % TYPES.length], at, leadId: lead });

/**
 * A lead with `count` stored events spread over the last two years. Stored before the lead
 * follows a rule set (so seeding does not re-score), then scored once with its leadId.
 */
async function seed(url, lead, count) {
  const attrs = { lead: { title: 'VP Marketing', seniority: 'vp', department: 'marketing' }, account: { industry: 'software', employees: 850 } };
  await post(url, `/v1/leads/${lead}`, attrs, 'PUT');
  const now = Date.now();
  for (let i = 0; i < count; i += 1000) {
    const events = Array.from({ length: Math.min(1000, count - i) }, (_, j) => event(lead, new Date(now - ((i + j) / count) * 730 * DAY - DAY).toISOString()));
    await post(url, '/v1/events', { events });
  }
  await post(url, '/v1/score', { ruleSet: 'fit-engagement-decay', leadId: lead, ...attrs });
}

/** Sends `count` events one per request into `lead`; returns events/s. */
async function ingest(url, lead, count) {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await post(url, '/v1/events', { events: [event(lead, new Date().toISOString())] });
  return count / ((performance.now() - t0) / 1000);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(env, rounds, perRound) {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-events-'));
  const { child, url } = await start(dir, env);
  try {
    await seed(url, 'small', 10);
    const t0 = performance.now();
    await seed(url, 'big', BIG);
    const seedSeconds = (performance.now() - t0) / 1000;
    await ingest(url, 'small', 50); // warm-up (JIT)
    await ingest(url, 'big', 10);
    const small = [];
    const big = [];
    for (let r = 0; r < rounds; r++) {
      small.push(await ingest(url, 'small', perRound));
      big.push(await ingest(url, 'big', perRound));
    }
    const g0 = performance.now();
    const res = await fetch(`${url}/v1/leads/big`, { headers: { authorization: `Bearer ${KEY}` } });
    const bytes = (await res.arrayBuffer()).byteLength;
    const getMs = performance.now() - g0;
    return { small: median(small), big: median(big), seedSeconds, bytes, getMs };
  } finally {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

const bounded = await measure({}, ROUNDS, PER_ROUND);
const unbounded = await measure({ SLUICE_LEAD_EVENT_LIMIT: '10000000' }, 1, 10);
const ratio = bounded.big / bounded.small;
const fmt = (x) => x.toFixed(x < 10 ? 1 : 0);
console.log('<!-- markdown -->');
console.log(`POST /v1/events, one event per request, one request at a time, fit-engagement-decay; median of ${ROUNDS} alternating rounds of ${PER_ROUND} events.\n`);
console.log('| lead | events/s | ratio to the 10-event lead | GET /v1/leads/:id (big lead) |');
console.log('| --- | ---: | ---: | --- |');
console.log(`| 10 stored events | ${fmt(bounded.small)} | 1.00 | |`);
console.log(`| ${BIG.toLocaleString('en')} stored events (2 years) | ${fmt(bounded.big)} | **${ratio.toFixed(2)}** | ${(bounded.bytes / 1024).toFixed(1)} KB, ${bounded.getMs.toFixed(0)} ms (first page of 100 events) |`);
console.log(`| same, every event within the horizon read (no per-lead limit) | ${fmt(unbounded.big)} | ${(unbounded.big / unbounded.small).toFixed(3)} | ${(unbounded.bytes / 1024).toFixed(1)} KB, ${unbounded.getMs.toFixed(0)} ms |`);
console.log(`\nbig / small = ${ratio.toFixed(2)} (target ≥ 0.50, i.e. within 2×) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}; seeding ${BIG.toLocaleString('en')} events took ${bounded.seedSeconds.toFixed(1)} s.`);
