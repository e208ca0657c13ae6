import { describe, expect, it } from 'vitest';
import type { Flow, RuleSet } from '@sluice/schemas';
import { compile, iterateLeads, LEAD_BLOCK, simulate } from '@sluice/sdk';
import waterfall from '../../../examples/waterfall-6-layer.flow.json';

import { GENERATED_NOW, KEPT_GENERATED } from './datasets.js';
import type { DataSource, FromWorker } from './protocol.js';
import { runPart, type PartAnswer, type PartRequest } from './part-job.js';
import { blockRanges, createRunner, type HelperLike } from './runner.js';

function ruleSetOf(flow: unknown): RuleSet {
  const r = compile(flow);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.ruleSet;
}

const ruleSet = ruleSetOf(waterfall);
const gen = (count: number, seed = 42): DataSource => ({ kind: 'generated', count, seed });

function harness() {
  const got: FromWorker[] = [];
  const runner = createRunner((m) => got.push(m));
  const last = (job: number) => got.filter((m) => m.job === job && m.type !== 'progress').at(-1);
  return { got, runner, last };
}

describe('the simulate worker runner', () => {
  it('simulates a generated data set with the SDK accumulator: the same report as simulate() on the same leads', async () => {
    const h = harness();
    await h.runner.handle({ type: 'simulate', job: 1, data: gen(300), ruleSet, now: GENERATED_NOW, sample: 5 });
    const m = h.last(1);
    expect(m?.type).toBe('simulated');
    if (m?.type !== 'simulated') return;
    expect(m.report).toEqual(simulate(ruleSet, iterateLeads({ count: 300, seed: 42 }), { now: GENERATED_NOW, sample: 5 }));
    expect(m.data).toMatchObject({ rows: 300, problemCount: 0, ownNow: true, label: '300 generated leads (seed 42)' });
    // generated leads are made during the pass (never held all at once): its progress counts them
    expect(h.got.filter((x) => x.type === 'progress').at(-1)).toMatchObject({ phase: 'simulating', done: 300, total: 300 });
  });

  it('keeps the data set: a re-run after an edit does not load it again', async () => {
    const h = harness();
    await h.runner.handle({ type: 'simulate', job: 1, data: gen(200), ruleSet, now: GENERATED_NOW, sample: 0 });
    const loads = h.got.filter((x) => x.type === 'progress' && x.phase === 'loading').length;
    const edited = structuredClone(waterfall) as Flow;
    const icp = edited.nodes.find((n) => n.id === 'icp');
    if (icp?.kind !== 'gate') throw new Error('no icp gate');
    icp.config.condition = { all: [] };
    await h.runner.handle({ type: 'simulate', job: 2, data: gen(200), ruleSet: ruleSetOf(edited), now: GENERATED_NOW, sample: 0 });
    const m = h.last(2);
    expect(h.got.filter((x) => x.type === 'progress' && x.phase === 'loading').length).toBe(loads);
    expect(m?.type === 'simulated' && m.ms.load).toBe(0);
    // An empty "all" holds for everyone: the ICP gate now rejects nobody.
    expect(m?.type === 'simulated' && m.report.edges['icp.reject']).toBeFalsy();
    expect(m?.type === 'simulated' && m.report.nodes.intent?.entered).toBe(200);
  });

  it('stops at the next slice when cancelled, and a newer run supersedes an older one', async () => {
    const h = harness();
    const first = h.runner.handle({ type: 'simulate', job: 1, data: gen(20_000), ruleSet, now: GENERATED_NOW, sample: 0 });
    await h.runner.handle({ type: 'cancel', job: 1 });
    await first;
    expect(h.last(1)?.type).toBe('cancelled');

    const a = h.runner.handle({ type: 'simulate', job: 2, data: gen(3_000), ruleSet, now: GENERATED_NOW, sample: 0 });
    const b = h.runner.handle({ type: 'simulate', job: 3, data: gen(3_000), ruleSet, now: GENERATED_NOW, sample: 0 });
    await Promise.all([a, b]);
    expect(h.last(2)?.type).toBe('cancelled');
    const m = h.last(3);
    expect(m?.type === 'simulated' && m.report.leads).toBe(3_000);
  });

  it('compares two rule sets over the loaded data', async () => {
    const h = harness();
    const edited = structuredClone(waterfall) as Flow;
    const icp = edited.nodes.find((n) => n.id === 'icp');
    if (icp?.kind !== 'gate') throw new Error('no icp gate');
    icp.config.condition = { all: [] };
    await h.runner.handle({ type: 'compare', job: 1, data: gen(500), before: ruleSet, after: ruleSetOf(edited), now: GENERATED_NOW, sample: 3 });
    const m = h.last(1);
    expect(m?.type).toBe('compared');
    if (m?.type !== 'compared') return;
    expect(m.report.leads).toBe(500);
    expect(m.report.changed).toBeGreaterThan(0);
    expect(m.report.matrix.Rejected).toBeDefined();
  });

  it('hands out leads of the loaded data set by index, with their ids', async () => {
    const h = harness();
    await h.runner.handle({ type: 'simulate', job: 1, data: gen(50), ruleSet, now: GENERATED_NOW, sample: 0 });
    await h.runner.handle({ type: 'leads', job: 2, data: gen(50), indices: [0, 49, 50, -1] });
    const m = h.last(2);
    expect(m?.type).toBe('leads');
    if (m?.type !== 'leads') return;
    const expected = [...iterateLeads({ count: 50, seed: 42 })];
    expect(m.leads.map((l) => l.index)).toEqual([0, 49]);
    expect(m.leads[1]).toEqual({ index: 49, id: expected[49]?.id, input: expected[49] });
    await h.runner.handle({ type: 'leads', job: 3, data: gen(51), indices: [0] });
    expect(h.last(3)).toMatchObject({ type: 'failed', message: expect.stringContaining('no longer loaded') });
  });

  it('hands out generated leads past the ones it holds by making them again', async () => {
    const h = harness();
    await h.runner.handle({ type: 'simulate', job: 1, data: gen(KEPT_GENERATED + 500), ruleSet, now: GENERATED_NOW, sample: 0 });
    const asked = [KEPT_GENERATED + 499, 3, KEPT_GENERATED, KEPT_GENERATED + 500, KEPT_GENERATED - 1];
    await h.runner.handle({ type: 'leads', job: 2, data: gen(KEPT_GENERATED + 500), indices: asked });
    const m = h.last(2);
    if (m?.type !== 'leads') throw new Error(`got ${m?.type}`);
    const expected = [...iterateLeads({ count: KEPT_GENERATED + 500, seed: 42 })];
    expect(m.leads.map((l) => l.index)).toEqual([KEPT_GENERATED + 499, 3, KEPT_GENERATED, KEPT_GENERATED - 1]);
    for (const l of m.leads) expect(l.input).toEqual(expected[l.index]);
  });

  it('fails with a message, never a throw, on a size out of range', async () => {
    const h = harness();
    await h.runner.handle({ type: 'simulate', job: 1, data: gen(0), ruleSet, now: GENERATED_NOW, sample: 0 });
    expect(h.last(1)).toMatchObject({ type: 'failed', message: 'The size must be a whole number from 1 to 100,000.' });
  });
});

/** Helper workers that run the real part job in this thread, answering asynchronously like workers. */
function inProcessHelpers(log: { spawned: number; terminated: number; requests: PartRequest[] }) {
  const spawn = (): HelperLike => {
    log.spawned++;
    let alive = true;
    const w: HelperLike = {
      onmessage: null,
      onerror: null,
      postMessage(m) {
        log.requests.push(m);
        setTimeout(() => void runPart(structuredClone(m), (a: PartAnswer) => alive && w.onmessage?.({ data: structuredClone(a) } as MessageEvent<PartAnswer>)), 0);
      },
      terminate() {
        alive = false;
        log.terminated++;
      },
    };
    return w;
  };
  return { spawn, count: 2 };
}

describe('generated data sets in helper workers', () => {
  it('splits the blocks between the helpers and merges their parts: the report one pass gives', async () => {
    const log = { spawned: 0, terminated: 0, requests: [] as PartRequest[] };
    const got: FromWorker[] = [];
    const runner = createRunner((m) => got.push(m), undefined, inProcessHelpers(log));
    const count = LEAD_BLOCK + 700;
    await runner.handle({ type: 'simulate', job: 1, data: gen(count, 7), ruleSet, now: GENERATED_NOW, sample: 5 });
    const m = got.at(-1);
    if (m?.type !== 'simulated') throw new Error(`got ${m?.type}`);
    expect(log.requests.map((r) => [r.from, r.to])).toEqual([[0, LEAD_BLOCK], [LEAD_BLOCK, count]]);
    expect(m.report).toEqual(simulate(ruleSet, iterateLeads({ count, seed: 7 }), { now: GENERATED_NOW, sample: 5 }));
    expect(got.filter((x) => x.type === 'progress').at(-1)).toMatchObject({ done: count, total: count });
    expect(log.terminated).toBe(2);
  }, 60_000);

  it('stops the helpers on a cancel', async () => {
    const log = { spawned: 0, terminated: 0, requests: [] as PartRequest[] };
    const got: FromWorker[] = [];
    const runner = createRunner((m) => got.push(m), undefined, inProcessHelpers(log));
    const running = runner.handle({ type: 'simulate', job: 1, data: gen(100_000), ruleSet, now: GENERATED_NOW, sample: 0 });
    await new Promise((r) => setTimeout(r, 50));
    await runner.handle({ type: 'cancel', job: 1 });
    await running;
    expect(got.at(-1)).toEqual({ type: 'cancelled', job: 1 });
    expect(log.terminated).toBe(log.spawned);
  }, 60_000);

  it('gives each helper whole blocks', () => {
    expect(blockRanges(5, 4)).toEqual([{ from: 0, to: 5 }]);
    expect(blockRanges(100_000, 2)).toEqual([{ from: 0, to: 50_000 }, { from: 50_000, to: 100_000 }]);
    expect(blockRanges(35_000, 3)).toEqual([{ from: 0, to: 10_000 }, { from: 10_000, to: 20_000 }, { from: 20_000, to: 35_000 }]);
  });
});

describe('uploaded files', () => {
  const upload = (text: string, name: string, format: 'ndjson' | 'csv', mapping: Record<string, string> = {}): DataSource => ({
    kind: 'upload', file: new File([text], name, { lastModified: 1 }), format, mapping, fields: (ruleSet.nodes[0]?.kind === 'start' ? ruleSet.nodes[0].config.fields : []),
  });

  it('reads NDJSON with the SDK reader: bad lines are named by line number and skipped, the rest simulated', async () => {
    const h = harness();
    const good = [...iterateLeads({ count: 20, seed: 9 })].map((l) => JSON.stringify(l));
    const text = [good[0], 'not json', ...good.slice(1, 10), '[1,2]', '', ...good.slice(10)].join('\n');
    await h.runner.handle({ type: 'simulate', job: 1, data: upload(text, 'leads.ndjson', 'ndjson'), ruleSet, now: GENERATED_NOW, sample: 0 });
    const m = h.last(1);
    expect(m?.type).toBe('simulated');
    if (m?.type !== 'simulated') return;
    expect(m.report.leads).toBe(20);
    expect(m.data).toMatchObject({ label: 'leads.ndjson', rows: 20, problemCount: 2, problems: [{ row: 2, message: 'not valid JSON' }, { row: 12, message: 'not a JSON object' }] });
    expect(m.report).toEqual(simulate(ruleSet, iterateLeads({ count: 20, seed: 9 }), { now: GENERATED_NOW }));
  });

  it('reads a CSV export with its columns mapped, and an explicit mapping changes where a column goes', async () => {
    const h = harness();
    const csv = 'Job Title,Number of Employees,Industry,Notes\r\nVP Marketing,"1,200",software,x\r\nIntern,12,retail\r\nCTO,800,fintech,y\r\n';
    await h.runner.handle({ type: 'simulate', job: 1, data: upload(csv, 'hubspot.csv', 'csv'), ruleSet, now: GENERATED_NOW, sample: 0 });
    const m = h.last(1);
    expect(m?.type).toBe('simulated');
    if (m?.type !== 'simulated') return;
    expect(m.report.leads).toBe(2);
    expect(m.data.problems).toEqual([{ row: 3, message: expect.stringContaining('3 fields') }]);
    expect(m.data.columns?.find((c) => c.column === 'Number of Employees')?.key).toBe('account.employees');
    await h.runner.handle({ type: 'simulate', job: 2, data: upload(csv, 'hubspot.csv', 'csv', { 'Number of Employees': '-' }), ruleSet, now: GENERATED_NOW, sample: 0 });
    const n = h.last(2);
    expect(n?.type === 'simulated' && n.data.columns?.find((c) => c.column === 'Number of Employees')?.key).toBeNull();
  });
});

describe("the runtime's stored leads", () => {
  it('pages through GET /v1/export/leads with the secret key and the cursor, and simulates what came back', async () => {
    const leads = [...iterateLeads({ count: 7, seed: 5 })].map(({ now: _now, ...l }) => ({ ...l, stages: { other: { stage: 'MQL', version: 1, since: '2025-06-01T00:00:00.000Z' } } }));
    const asked: { url: string; auth: string | null }[] = [];
    const fetchFn = (async (url: string, init?: RequestInit) => {
      asked.push({ url, auth: new Headers(init?.headers).get('authorization') });
      const after = new URL(url, 'http://x').searchParams.get('after');
      const page = after === null ? leads.slice(0, 4) : leads.slice(4);
      const body = page.map((l) => JSON.stringify(l)).join('\n') + (after === null ? '\n' : '\nnot json\n');
      return new Response(body, { headers: after === null ? { 'x-next-cursor': page.at(-1)!.id } : {} });
    }) as typeof fetch;
    const got: FromWorker[] = [];
    const runner = createRunner((m) => got.push(m), fetchFn);
    await runner.handle({ type: 'simulate', job: 1, data: { kind: 'stored', key: 'sk_test', limit: 100, nonce: 1 }, ruleSet, now: GENERATED_NOW, sample: 0 });
    const m = got.at(-1);
    expect(m?.type).toBe('simulated');
    if (m?.type !== 'simulated') return;
    expect(asked).toEqual([
      { url: '/v1/export/leads?limit=100', auth: 'Bearer sk_test' },
      { url: `/v1/export/leads?limit=96&after=${leads[3]!.id}`, auth: 'Bearer sk_test' },
    ]);
    expect(m.report.leads).toBe(7);
    expect(m.data).toMatchObject({ label: "the runtime's stored leads", rows: 7, problemCount: 1, problems: [{ row: 8, message: 'not valid JSON' }] });
  });

  it('says why when the runtime refuses', async () => {
    const fetchFn = (async () => new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'a secret key is required' } }), { status: 401 })) as unknown as typeof fetch;
    const got: FromWorker[] = [];
    await createRunner((m) => got.push(m), fetchFn).handle({ type: 'simulate', job: 1, data: { kind: 'stored', key: null, limit: 10, nonce: 1 }, ruleSet, now: GENERATED_NOW, sample: 0 });
    expect(got.at(-1)).toEqual({ type: 'failed', job: 1, message: 'The runtime did not send its stored leads (401: a secret key is required).' });
  });
});
