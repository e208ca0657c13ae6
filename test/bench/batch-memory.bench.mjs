// Batch scoring in constant memory (run by `pnpm bench`, after `pnpm -r build`): streams
// BENCH_BATCH_LEADS (default 10,000,000) generated leads as one NDJSON request through
// POST /v1/score/batch of the built server, reads the NDJSON results as they come, and samples
// the server's resident memory (VmRSS, /proc) every 250 ms. Constant memory means the RSS
// after 10 % of the leads is about the RSS at the end, whatever the count.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './serve.mjs';

const KEY = 'sk_bench_key';
const LEADS = Number(process.env.BENCH_BATCH_LEADS ?? 10_000_000);
const CHUNK = 1000; // leads per request-body chunk
const TITLES = ['VP Marketing', 'Director of Sales', 'Student', 'CEO', 'Marketing Manager', 'Engineer'];
const INDUSTRIES = ['software', 'retail', 'finance', 'education', 'manufacturing'];

const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-batch-'));
const { child, url } = await startServer(dir, { SLUICE_SECRET_KEY: KEY, SLUICE_GIT: 'off' });
const samples = [];
let sent = 0;
let received = 0;
const timer = setInterval(() => samples.push({ received, rss: rssMb(child.pid) }), 250);
const enc = new TextEncoder();
const now = '2025-06-11T14:00:00Z';
try {
  const body = new ReadableStream({
    pull(controller) {
      if (sent >= LEADS) return controller.close();
      let text = '';
      for (let i = 0; i < CHUNK && sent < LEADS; i++, sent++) {
        const n = sent;
        text += `${JSON.stringify({
          id: n,
          now,
          lead: { title: TITLES[n % TITLES.length], seniority: n % 4 ? 'manager' : 'vp', department: n % 3 ? 'marketing' : 'sales', email: `p${n}@example.com` },
          account: { industry: INDUSTRIES[n % INDUSTRIES.length], employees: (n * 37) % 5000, country: 'US' },
          events: n % 2 ? [{ id: `e${n}`, type: 'pricing_view', at: '2025-06-01T10:00:00Z' }] : [],
        })}\n`;
      }
      controller.enqueue(enc.encode(text));
    },
  });
  const t0 = performance.now();
  const res = await fetch(`${url}/v1/score/batch?ruleSet=fit-engagement-decay`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-ndjson' },
    body,
    duplex: 'half',
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  let errors = 0;
  let tail = '';
  const dec = new TextDecoder();
  for await (const chunk of res.body) {
    const text = tail + dec.decode(chunk, { stream: true });
    const lines = text.split('\n');
    tail = lines.pop() ?? '';
    received += lines.length;
    for (const l of lines) if (l.startsWith('{"line"') && l.includes('"error"')) errors++;
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  samples.push({ received, rss: rssMb(child.pid) });
  const at = (f) => samples.find((s) => s.received >= LEADS * f)?.rss ?? NaN;
  const max = Math.max(...samples.map((s) => s.rss));
  console.log('<!-- markdown -->');
  console.log(`${LEADS.toLocaleString('en')} generated leads, fit-engagement-decay, one streamed NDJSON request to \`POST /v1/score/batch\` (1,000 leads per body chunk), results read as they come; server RSS sampled every 250 ms (${samples.length} samples).\n`);
  console.log('| leads scored | seconds | leads/s | error lines | RSS at 10 % | at 50 % | at 100 % | peak RSS |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(`| ${received.toLocaleString('en')} | ${seconds.toFixed(0)} | ${(received / seconds).toFixed(0)} | ${errors} | ${at(0.1).toFixed(0)} MB | ${at(0.5).toFixed(0)} MB | ${at(1).toFixed(0)} MB | ${max.toFixed(0)} MB |`);
} finally {
  clearInterval(timer);
  await new Promise((r) => (child.once('exit', r), child.kill('SIGTERM')));
  rmSync(dir, { recursive: true, force: true });
}
