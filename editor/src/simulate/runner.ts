// The worker's logic, without the worker: takes the panel's messages, loads a data set once
// and keeps it, runs the SDK's accumulator over it in time slices, and posts progress and
// reports back. A newer run or a cancel stops the current one at its next slice.
import { createComparison, createSimulation, inputId } from '@sluice/sdk';
import { dataKey, loadData, type LoadedData } from './datasets.js';
import type { DataSource, FromWorker, LeadRow, ToWorker } from './protocol.js';
import { sliced } from './slices.js';

export interface Runner {
  handle(msg: ToWorker): Promise<void>;
}

/**
 * A runner posting its answers through `post` (the worker's postMessage, or a test's array).
 *
 * @example
 * const runner = createRunner((m) => self.postMessage(m));
 * self.onmessage = (e) => void runner.handle(e.data);
 */
export function createRunner(post: (m: FromWorker) => void, fetchFn: typeof fetch = (...a) => fetch(...a)): Runner {
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

  async function run(msg: Extract<ToWorker, { type: 'simulate' | 'compare' }>): Promise<void> {
    const { job } = msg;
    latest = job;
    latestKey = dataKey(msg.data);
    try {
      const got = await dataFor(job, msg.data);
      if (!got || stale(job)) return post({ type: 'cancelled', job });
      const { inputs, rows, summary } = got.data;
      const acc = msg.type === 'simulate' ? createSimulation(msg.ruleSet, { now: msg.now, sample: msg.sample }) : createComparison(msg.before, msg.after, { now: msg.now, sample: msg.sample });
      const phase = msg.type === 'simulate' ? 'simulating' : 'comparing';
      const t0 = performance.now();
      // The file's row goes with each input, so an error names the line to fix.
      const finished = await sliced(inputs, rows ? (x, i) => acc.add(x, rows[i]) : (x) => acc.add(x), {
        onSlice: (done) => post({ type: 'progress', job, phase, done, total: inputs.length }),
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
    for (const index of msg.indices) {
      if (!Number.isInteger(index) || index < 0 || index >= data.inputs.length) continue;
      const input = data.inputs[index];
      out.push({ index, id: inputId(input) ?? null, input });
    }
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
