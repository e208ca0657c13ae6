// The worker's logic, without the worker: takes the panel's messages, loads a data set once
// and keeps it, runs the SDK's accumulator over it in time slices, and posts progress and
// reports back. A newer run or a cancel stops the current one at its next slice.
// A generated data set of more than one block is simulated by helper workers side by side
// (part-job.ts), each making and counting its blocks; their parts are merged here in order.
import type { SimulationReport } from '@sluice/schemas';
import { createComparison, createSimulation, inputId, LEAD_BLOCK, type SimulationPart } from '@sluice/sdk';
import { dataKey, loadData, type LoadedData } from './datasets.js';
import type { PartAnswer, PartRequest } from './part-job.js';
import type { DataSource, FromWorker, LeadRow, ToWorker } from './protocol.js';
import { sliced } from './slices.js';

export interface Runner {
  handle(msg: ToWorker): Promise<void>;
}

/** The part of a helper Worker the runner uses. */
export interface HelperLike {
  postMessage(m: PartRequest): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<PartAnswer>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

/** Helper workers for generated data sets: how to start one, and how many to use at most. */
export interface Helpers {
  spawn: () => HelperLike;
  count: number;
}

/** Contiguous ranges of whole blocks, one per helper, covering leads 0 to size - 1. */
export function blockRanges(size: number, helpers: number): { from: number; to: number }[] {
  const blocks = Math.ceil(size / LEAD_BLOCK);
  const n = Math.max(1, Math.min(helpers, blocks));
  return Array.from({ length: n }, (_, k) => ({
    from: Math.floor((k * blocks) / n) * LEAD_BLOCK,
    to: Math.min(size, Math.floor(((k + 1) * blocks) / n) * LEAD_BLOCK),
  }));
}

/**
 * A runner posting its answers through `post` (the worker's postMessage, or a test's array).
 *
 * @example
 * const runner = createRunner((m) => self.postMessage(m));
 * self.onmessage = (e) => void runner.handle(e.data);
 */
export function createRunner(post: (m: FromWorker) => void, fetchFn: typeof fetch = (...a) => fetch(...a), helpers?: Helpers): Runner {
  let data: LoadedData | null = null;
  let loading: { key: string; promise: Promise<LoadedData | null> } | null = null;
  // The newest simulate/compare job, and the data it wants: older jobs stop at their next slice.
  let latest = -1;
  let latestKey = '';
  const cancelled = new Set<number>();
  const stale = (job: number) => job !== latest || cancelled.has(job);

  async function dataFor(job: number, source: DataSource): Promise<{ data: LoadedData; ms: number } | null> {
    const key = dataKey(source);
    if (data?.key === key) return { data, ms: 0 };
    const t0 = performance.now();
    // A second run of the same source while it loads waits for that load instead of starting over.
    if (loading?.key !== key) {
      data = null; // let the old data set go before the new one fills memory
      const promise = loadData(source, {
        onProgress: (done, total) => post({ type: 'progress', job: latest, phase: 'loading', done, total }),
        // Loading stops only when nobody wants this data any more.
        stopped: () => latestKey !== key || cancelled.has(latest),
        fetch: fetchFn,
      }).finally(() => {
        if (loading?.promise === promise) loading = null;
      });
      loading = { key, promise };
    }
    const loaded = await loading.promise;
    if (!loaded) return null;
    data = loaded;
    return { data: loaded, ms: performance.now() - t0 };
  }

  /**
   * Simulates generated leads in helper workers, one range of blocks each. Null when the job
   * was cancelled or superseded (the helpers are stopped at once), a string when one failed.
   */
  function simulateInHelpers(job: number, msg: Extract<ToWorker, { type: 'simulate' }>, seed: number, size: number, h: Helpers): Promise<SimulationReport | string | null> {
    const ranges = blockRanges(size, h.count);
    const parts: (SimulationPart | undefined)[] = ranges.map(() => undefined);
    const done = ranges.map(() => 0);
    const workers = ranges.map(() => h.spawn());
    return new Promise((resolve) => {
      let over = false;
      const end = (r: SimulationReport | string | null) => {
        if (over) return;
        over = true;
        clearInterval(watch);
        for (const w of workers) w.terminate();
        resolve(r);
      };
      // A cancel or a newer run arrives as a message to this worker: looked for on a timer.
      const watch = setInterval(() => stale(job) && end(null), 25);
      workers.forEach((w, k) => {
        w.onmessage = (e) => {
          const m = e.data;
          if (over) return;
          if (stale(job)) return end(null);
          if (m.type === 'failed') return end(m.message);
          if (m.type === 'progress') done[k] = m.done;
          else {
            parts[k] = m.part;
            done[k] = ranges[k]!.to - ranges[k]!.from;
          }
          post({ type: 'progress', job, phase: 'simulating', done: done.reduce((a, b) => a + b, 0), total: size });
          if (parts.every((p) => p !== undefined)) {
            const sim = createSimulation(msg.ruleSet, { now: msg.now, sample: msg.sample });
            for (const p of parts) sim.merge(p!);
            end(sim.report());
          }
        };
        w.onerror = (e) => {
          e.preventDefault?.();
          end(`The simulation stopped: ${e.message || 'a helper worker failed'}`);
        };
        w.postMessage({ ruleSet: msg.ruleSet, now: msg.now, sample: msg.sample, seed, ...ranges[k]! });
      });
    });
  }

  async function run(msg: Extract<ToWorker, { type: 'simulate' | 'compare' }>): Promise<void> {
    const { job } = msg;
    latest = job;
    latestKey = dataKey(msg.data);
    try {
      const got = await dataFor(job, msg.data);
      if (!got || stale(job)) return post({ type: 'cancelled', job });
      const { rows, summary, size } = got.data;
      if (msg.type === 'simulate' && msg.data.kind === 'generated' && helpers && helpers.count > 1 && size > LEAD_BLOCK) {
        const t0 = performance.now();
        const r = await simulateInHelpers(job, msg, msg.data.seed, size, helpers);
        if (r === null) return post({ type: 'cancelled', job });
        if (typeof r === 'string') return post({ type: 'failed', job, message: r });
        return post({ type: 'simulated', job, report: r, data: summary, ms: { load: got.ms, run: performance.now() - t0 } });
      }
      const acc = msg.type === 'simulate' ? createSimulation(msg.ruleSet, { now: msg.now, sample: msg.sample }) : createComparison(msg.before, msg.after, { now: msg.now, sample: msg.sample });
      const phase = msg.type === 'simulate' ? 'simulating' : 'comparing';
      const t0 = performance.now();
      // The file's row goes with each input, so an error names the line to fix.
      // A generated data set is made during the pass: that time is the run's, not the load's.
      const finished = await sliced(got.data.inputs(), rows ? (x, i) => acc.add(x, rows[i]) : (x) => acc.add(x), {
        onSlice: (done) => post({ type: 'progress', job, phase, done, total: size }),
        stopped: () => stale(job),
      });
      if (!finished) return post({ type: 'cancelled', job });
      const ms = { load: got.ms, run: performance.now() - t0 };
      if (msg.type === 'simulate') post({ type: 'simulated', job, report: (acc as ReturnType<typeof createSimulation>).report(), data: summary, ms });
      else post({ type: 'compared', job, report: (acc as ReturnType<typeof createComparison>).report(), data: summary, ms });
    } catch (e) {
      post({ type: 'failed', job, message: e instanceof Error ? e.message : String(e) });
    } finally {
      cancelled.delete(job);
    }
  }

  function leads(msg: Extract<ToWorker, { type: 'leads' }>): void {
    if (!data || data.key !== dataKey(msg.data)) return post({ type: 'failed', job: msg.job, message: 'That data set is no longer loaded: simulate it again.' });
    const out: LeadRow[] = [];
    const inputs = data.pick(msg.indices);
    msg.indices.forEach((index, i) => {
      const input = inputs[i];
      if (input !== undefined) out.push({ index, id: inputId(input) ?? null, input });
    });
    post({ type: 'leads', job: msg.job, leads: out });
  }

  return {
    async handle(msg) {
      if (msg.type === 'cancel') cancelled.add(msg.job);
      else if (msg.type === 'leads') leads(msg);
      else await run(msg);
    },
  };
}
