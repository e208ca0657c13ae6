// Simulation benchmark (run by `pnpm bench`; alone: `node --expose-gc test/bench/simulate.bench.mjs`).
// The example generator's leads (seed 42) through two templates:
//  1. in process, on parsed inputs: `simulate` (the accumulator) against plain `evaluate` in a
//     loop over the same objects: what counting costs on top of evaluating;
//  2. the CLI end to end (`sluice simulate --leads file.ndjson --json`, a child process) against
//     a plain script that reads the same file, parses each line and calls `evaluate`: what the
//     CLI costs on top of reading and evaluating; with the CLI's peak RSS (`/usr/bin/time`); and
//     the CLI with `--threads <cores>` (parsing and evaluating in worker threads).
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
const THREADS = Math.max(2, availableParallelism());
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

/** Runs a command under /usr/bin/time; wall seconds and peak RSS (MB). */
function timed(args) {
  const hasTime = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = hasTime ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 }) : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const rss = hasTime ? Number(r.stderr.trim().split('\n').at(-1)) / 1024 : NaN;
  return { seconds, rss, stdout: r.stdout };
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
  const cli = timed([join(ROOT, 'runtime/dist/cli.js'), 'simulate', flowFile, '--leads', file, '--json', '--now', inputs[0].now]);
  const doc = JSON.parse(cli.stdout);
  if (doc.leads !== COUNT || JSON.stringify(doc.edges) !== JSON.stringify(report.edges)) throw new Error(`${id}: the CLI's counts differ from the SDK's`);
  const par = timed([join(ROOT, 'runtime/dist/cli.js'), 'simulate', flowFile, '--leads', file, '--json', '--now', inputs[0].now, '--threads', String(THREADS)]);
  if (par.stdout !== cli.stdout) throw new Error(`${id}: --threads ${THREADS} gave another report`);
  rows.push({ id, evalS, simS, base, cli, par });
}
rmSync(dir, { recursive: true, force: true });

console.log('<!-- markdown -->');
console.log(`${int(COUNT)} generated leads (seed 42; ${(bytes / COUNT / 1024).toFixed(1)} KB of NDJSON per lead, ${(bytes / 2 ** 20).toFixed(0)} MB in all).\n`);
console.log(`| template | \`evaluate\` loop (parsed) | \`simulate\` (parsed) | ratio | read + parse + \`evaluate\` script | \`sluice simulate --json\` | ratio | CLI peak RSS | with \`--threads ${THREADS}\` | ratio | its peak RSS |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.id} | ${int(COUNT / r.evalS)} leads/s | ${int(COUNT / r.simS)} leads/s | ${(r.evalS / r.simS).toFixed(2)}× | ${int(COUNT / r.base.seconds)} leads/s | ${int(COUNT / r.cli.seconds)} leads/s | ${(r.base.seconds / r.cli.seconds).toFixed(2)}× | ${r.cli.rss.toFixed(0)} MB | ${int(COUNT / r.par.seconds)} leads/s | ${(r.base.seconds / r.par.seconds).toFixed(2)}× | ${r.par.rss.toFixed(0)} MB |`,
  );
}
console.log(`\nLoad average at the end: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} cores.`);
console.log('\nRatios are the second column of a pair divided by the first (1.00× = no cost on top of the baseline); wall-clock times of child processes include Node start-up and compiling the flow.');
