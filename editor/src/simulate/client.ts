// The panel's side of the worker: one call per run, answered by a promise; progress through
// a callback. Plain module (no React) so its bookkeeping is tested without a browser.
import type { ComparisonReport, RuleSet, SimulationReport } from '@sluice/schemas';
import type { DataSource, DataSummary, FromWorker, LeadRow, ToWorker } from './protocol.js';

/** The part of a Worker the client uses (a fake one in tests). */
export interface WorkerLike {
  postMessage(m: ToWorker): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export type Progress = Extract<FromWorker, { type: 'progress' }>;
export type RunOutcome<R> =
  | { status: 'done'; report: R; data: DataSummary; ms: { load: number; run: number } }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

export interface Simulator {
  simulate(data: DataSource, ruleSet: RuleSet, now: string, sample: number, onProgress: (p: Progress) => void): Promise<RunOutcome<SimulationReport>>;
  compare(data: DataSource, before: RuleSet, after: RuleSet, now: string, sample: number, onProgress: (p: Progress) => void): Promise<RunOutcome<ComparisonReport>>;
  /** The inputs at these indexes of the loaded data set. */
  leads(data: DataSource, indices: number[]): Promise<LeadRow[]>;
  /** Stops the running simulation or comparison (it resolves as cancelled). */
  cancel(): void;
  dispose(): void;
}

type Pending = { resolve: (m: FromWorker) => void; onProgress?: (p: Progress) => void };

/**
 * A simulator on a worker made by `spawn` (created on first use, again after a crash).
 *
 * @example
 * const sim = createSimulator(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
 * const r = await sim.simulate({ kind: 'generated', count: 1000, seed: 42 }, ruleSet, now, 20, console.log);
 */
export function createSimulator(spawn: () => WorkerLike): Simulator {
  let worker: WorkerLike | null = null;
  let nextJob = 1;
  let running: number | null = null;
  const pending = new Map<number, Pending>();

  const get = (): WorkerLike => {
    if (worker) return worker;
    const w = spawn();
    w.onmessage = (e) => {
      const m = e.data;
      const p = pending.get(m.job);
      if (!p) return;
      if (m.type === 'progress') return p.onProgress?.(m);
      pending.delete(m.job);
      if (running === m.job) running = null;
      p.resolve(m);
    };
    // A crash (out of memory, a bug) fails what was asked; the next call starts a new worker.
    w.onerror = (e) => {
      e.preventDefault?.();
      worker = null;
      w.terminate();
      const message = `The simulation stopped: ${e.message || 'the worker failed'}`;
      for (const [job, p] of pending) p.resolve({ type: 'failed', job, message });
      pending.clear();
      running = null;
    };
    worker = w;
    return w;
  };

  const ask = (msg: ToWorker, onProgress?: (p: Progress) => void): Promise<FromWorker> =>
    new Promise((resolve) => {
      pending.set(msg.job, onProgress ? { resolve, onProgress } : { resolve });
      get().postMessage(msg);
    });

  function outcome<R>(m: FromWorker, pick: (m: FromWorker) => RunOutcome<R> | null): RunOutcome<R> {
    if (m.type === 'cancelled') return { status: 'cancelled' };
    if (m.type === 'failed') return { status: 'failed', message: m.message };
    return pick(m) ?? { status: 'failed', message: `unexpected answer ${m.type}` };
  }

  return {
    async simulate(data, ruleSet, now, sample, onProgress) {
      const job = nextJob++;
      running = job;
      const m = await ask({ type: 'simulate', job, data, ruleSet, now, sample }, onProgress);
      return outcome(m, (x) => (x.type === 'simulated' ? { status: 'done', report: x.report, data: x.data, ms: x.ms } : null));
    },
    async compare(data, before, after, now, sample, onProgress) {
      const job = nextJob++;
      running = job;
      const m = await ask({ type: 'compare', job, data, before, after, now, sample }, onProgress);
      return outcome(m, (x) => (x.type === 'compared' ? { status: 'done', report: x.report, data: x.data, ms: x.ms } : null));
    },
    async leads(data, indices) {
      const m = await ask({ type: 'leads', job: nextJob++, data, indices });
      if (m.type === 'failed') throw new Error(m.message);
      return m.type === 'leads' ? m.leads : [];
    },
    cancel() {
      if (running !== null && worker) worker.postMessage({ type: 'cancel', job: running });
    },
    dispose() {
      worker?.terminate();
      worker = null;
      for (const [job, p] of pending) p.resolve({ type: 'cancelled', job });
      pending.clear();
    },
  };
}
