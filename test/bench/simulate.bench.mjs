// Simulation benchmark (run by `pnpm bench`; alone: `node --expose-gc test/bench/simulate.bench.mjs`).
// The example generator's leads (seed 42) through two templates:
//  1. in process, on parsed inputs: `simulate` (the accumulator) against plain `evaluate` in a
//     loop over the same objects: what counting costs on top of evaluating;
//  2. the CLI end to end (`sluice simulate --leads file.ndjson --json`, a child process) against
//     a plain script that reads the same file, parses each line and calls `evaluate`: what the
//     CLI costs on top of reading and evaluating; with the CLI's peak RSS (`/usr/bin/time`):
//     with `--threads 1` (all in the main thread) and by default (a file this size: one worker
//     thread per core);
//  3. the ceiling: a script that only reads the file and JSON.parses each line, nothing else,
//     in 1 thread and in one worker thread per core: no NDJSON simulator using JSON.parse can
//     beat it on these cores. With the CPU time of each child (user + system).
// Prints markdown. BENCH_SIM_LEADS=n changes the number of leads (default 100,000).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compile, createSimulation, evaluate, iterateLeads } from '../../sdk/dist/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const COUNT = Number(process.env.BENCH_SIM_LEADS ?? 100_000);
const CORES = availableParallelism();
const TEMPLATES = ['fit-engagement-decay', 'waterfall-6-layer'];
const gc = () => globalThis.gc?.();
const int = (n) => Math.round(n).toLocaleString('en-US');

const dir = mkdtempSync(join(tmpdir(), 'sluice-sim-bench-'));
const file = join(dir, 'leads.ndjson');
const out = createWriteStream(file);
let buf = '';
for (const lead of iterateLeads({ count: COUNT, seed: 42 })) {
  buf += `${JSON.stringify(lead)}\n`;
  if (buf.length > 1 << 20) {
    if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
    buf = '';
  }
}
await new Promise((r) => out.end(buf, r));
const bytes = readFileSync(file).length;

// The baseline script: read the file, parse each line, evaluate. Nothing counted.
const plain = join(dir, 'plain.mjs');
writeFileSync(
  plain,
  `import { createReadStream, readFileSync } from 'node:fs';
import { compile, evaluate } from ${JSON.stringify(join(ROOT, 'sdk/dist/index.js'))};
const rs = compile(JSON.parse(readFileSync(process.argv[2], 'utf8'))).ruleSet;
let tail = '', n = 0;
for await (const chunk of createReadStream(process.argv[3], { encoding: 'utf8', highWaterMark: 1 << 20 })) {
  const parts = (tail + chunk).split('\\n');
  tail = parts.pop();
  for (const p of parts) if (p) { const d = JSON.parse(p); evaluate(rs, d, { now: d.now }); n++; }
}
console.log(n);
`,
);

// The ceiling: read the file in chunks of whole lines and JSON.parse every line, in `threads`
// worker threads (1: in the main thread), as the CLI reads it; nothing evaluated or counted.
const ceiling = join(dir, 'parse-only.mjs');
writeFileSync(
  ceiling,
  `import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { chunkText, lineChunks } from ${JSON.stringify(join(ROOT, 'runtime/dist/cli/ndjson-chunks.js'))};
const parseAll = (text) => { let n = 0, at = 0; for (;;) { const nl = text.indexOf('\\n', at); if (nl < 0) break; JSON.parse(text.slice(at, nl)); n++; at = nl + 1; } return n; };
if (!isMainThread) parentPort.on('message', (b) => parentPort.postMessage(parseAll(chunkText(b, false))));
else {
  const threads = Number(process.argv[3]);
  let n = 0;
  if (threads === 1) for await (const c of lineChunks(process.argv[2])) n += parseAll(chunkText(c, false));
  else {
    const ws = Array.from({ length: threads }, () => new Worker(new URL(import.meta.url)));
    const busy = ws.map(() => 0);
    let wake;
    ws.forEach((w, i) => w.on('message', (k) => { n += k; busy[i]--; wake?.(); }));
    for await (const c of lineChunks(process.argv[2])) {
      while (Math.min(...busy) >= 2) await new Promise((r) => (wake = r));
      const i = busy.indexOf(Math.min(...busy));
      busy[i]++;
      ws[i].postMessage(c, [c.buffer]);
    }
    while (busy.some((b) => b > 0)) await new Promise((r) => (wake = r));
    await Promise.all(ws.map((w) => w.terminate()));
  }
  console.log(n);
}
`,
);

/** Runs a command under /usr/bin/time; wall seconds, CPU seconds (user + system) and peak RSS (MB). */
function timed(args) {
  const hasTime = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = hasTime ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 }) : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const [kb, user, sys] = hasTime ? r.stderr.trim().split('\n').at(-1).split(' ').map(Number) : [NaN, NaN, NaN];
  return { seconds, rss: kb / 1024, cpu: user + sys, stdout: r.stdout };
}

const inputs = [];
for (const line of readFileSync(file, 'utf8').split('\n')) if (line) inputs.push(JSON.parse(line));

const rows = [];
for (const id of TEMPLATES) {
  const flowFile = join(ROOT, 'examples', `${id}.flow.json`);
  const rs = compile(JSON.parse(readFileSync(flowFile, 'utf8'))).ruleSet;
  // warm-up: both paths once over a tenth
  for (const d of inputs.slice(0, COUNT / 10)) evaluate(rs, d, { now: d.now });
  const warm = createSimulation(rs, { now: inputs[0].now });
  for (const d of inputs.slice(0, COUNT / 10)) warm.add(d);
  gc();
  let t = performance.now();
  for (const d of inputs) evaluate(rs, d, { now: d.now });
  const evalS = (performance.now() - t) / 1000;
  gc();
  t = performance.now();
  const sim = createSimulation(rs, { now: inputs[0].now });
  for (const d of inputs) sim.add(d);
  const report = sim.report();
  const simS = (performance.now() - t) / 1000;
  if (report.leads !== COUNT) throw new Error(`${id}: simulated ${report.leads} of ${COUNT}`);

  const base = timed([plain, flowFile, file]);
  const cli = timed([join(ROOT, 'runtime/dist/cli.js'), 'simulate', flowFile, '--leads', file, '--json', '--now', inputs[0].now, '--threads', '1']);
  const doc = JSON.parse(cli.stdout);
  if (doc.leads !== COUNT || JSON.stringify(doc.edges) !== JSON.stringify(report.edges)) throw new Error(`${id}: the CLI's counts differ from the SDK's`);
  const par = timed([join(ROOT, 'runtime/dist/cli.js'), 'simulate', flowFile, '--leads', file, '--json', '--now', inputs[0].now]);
  if (par.stdout !== cli.stdout) throw new Error(`${id}: the default (worker threads) gave another report than --threads 1`);
  rows.push({ id, evalS, simS, base, cli, par });
}
const parse1 = timed([ceiling, file, '1']);
const parseN = timed([ceiling, file, String(Math.max(2, CORES))]);
for (const p of [parse1, parseN]) if (Number(p.stdout) !== COUNT) throw new Error(`the parse-only script read ${p.stdout} lines`);

// What the bytes of a line are: the lead, its events, and its account's contacts with theirs.
let leadB = 0, eventsB = 0, contactsB = 0, contactEventsB = 0, selfB = 0, allB = 0;
for (const d of inputs.slice(0, 10_000)) {
  allB += JSON.stringify(d).length;
  leadB += JSON.stringify(d.lead).length;
  eventsB += JSON.stringify(d.events).length;
  const contacts = d.account?.contacts ?? [];
  contactsB += contacts.length ? JSON.stringify(contacts).length : 0;
  for (const c of contacts) contactEventsB += JSON.stringify(c.events ?? []).length;
  if (contacts[0]?.id?.endsWith('-self')) selfB += JSON.stringify(contacts[0].events).length;
}
rmSync(dir, { recursive: true, force: true });

const mb = bytes / 2 ** 20;
const pct = (x) => `${((100 * x) / allB).toFixed(0)} %`;
console.log('<!-- markdown -->');
console.log(`${int(COUNT)} generated leads (seed 42; ${(bytes / COUNT / 1024).toFixed(1)} KB of NDJSON per lead, ${mb.toFixed(0)} MB in all; of a line: the lead ${pct(leadB)}, its events ${pct(eventsB)}, the account's contacts ${pct(contactsB)} of which their events ${pct(contactEventsB)}, the lead's own contact's events — a copy of its events — ${pct(selfB)}).\n`);
console.log(`| template | \`evaluate\` loop (parsed) | \`simulate\` (parsed) | ratio | read + parse + \`evaluate\` script | \`sluice simulate --threads 1\` | ratio | CPU s | \`sluice simulate\` (default: ${Math.max(2, CORES)} worker threads) | ratio | CPU s | its peak RSS |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.id} | ${int(COUNT / r.evalS)} leads/s | ${int(COUNT / r.simS)} leads/s | ${(r.evalS / r.simS).toFixed(2)}× | ${int(COUNT / r.base.seconds)} leads/s | ${int(COUNT / r.cli.seconds)} leads/s | ${(r.base.seconds / r.cli.seconds).toFixed(2)}× | ${r.cli.cpu.toFixed(2)} | **${int(COUNT / r.par.seconds)} leads/s** | ${(r.base.seconds / r.par.seconds).toFixed(2)}× | ${r.par.cpu.toFixed(2)} | ${r.par.rss.toFixed(0)} MB |`,
  );
}
console.log(`\nThe ceiling, reading the same file and only JSON.parsing each line (nothing evaluated): 1 thread ${int(COUNT / parse1.seconds)} leads/s (${(mb / parse1.seconds).toFixed(0)} MB/s, ${parse1.cpu.toFixed(2)} CPU s); ${Math.max(2, CORES)} worker threads ${int(COUNT / parseN.seconds)} leads/s (${(mb / parseN.seconds).toFixed(0)} MB/s, ${parseN.cpu.toFixed(2)} CPU s). Per CPU second: ${int(COUNT / parse1.cpu)} leads parsed (${(mb / parse1.cpu).toFixed(0)} MB).`);
console.log(`\nLoad average at the end: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} cores.`);
console.log('\nRatios are the second column of a pair divided by the first (1.00× = no cost on top of the baseline); wall-clock times of child processes include Node start-up and compiling the flow.');
