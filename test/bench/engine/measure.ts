// Timing helpers for the engine benchmark: throughput over all leads without per-lead timers,
// then per-lead latency percentiles in a second pass. Collect garbage before each pass.
import { performance } from 'node:perf_hooks';

export interface Timing {
  leadsPerSecond: number;
  p50us: number;
  p99us: number;
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();

function percentiles(samples: Float64Array): { p50: number; p99: number } {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 1000;
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * One pass over all items, without per-item timers: the process's CPU time in ms (user +
 * system, all threads: garbage collection counts against the engine that allocates). On an idle
 * machine that is the wall time of synchronous code; on a busy one it leaves out the time the
 * pass spent waiting for a core, which is the neighbours', not the engine's.
 */
export function pass<T>(items: readonly T[], fn: (item: T) => unknown): number {
  gc();
  const t0 = process.cpuUsage();
  for (let i = 0; i < items.length; i++) fn(items[i]!);
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
}

/** Per-item latency percentiles, each item timed on its own (a second pass). */
export function latency<T>(items: readonly T[], fn: (item: T) => unknown): { p50us: number; p99us: number } {
  gc();
  const samples = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const a = performance.now();
    fn(items[i]!);
    samples[i] = performance.now() - a;
  }
  const { p50, p99 } = percentiles(samples);
  return { p50us: p50, p99us: p99 };
}

export function timeSync<T>(items: readonly T[], fn: (item: T) => unknown): Timing {
  const total = pass(items, fn);
  return { leadsPerSecond: items.length / (total / 1000), ...latency(items, fn) };
}

/** An async engine, measured honestly: each lead awaited before the next starts; results kept. */
export async function timeAsyncCollect<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<{ timing: Timing; values: R[] }> {
  gc();
  const samples = new Float64Array(items.length);
  const values: R[] = new Array(items.length);
  const t0 = performance.now();
  for (let i = 0; i < items.length; i++) {
    const a = performance.now();
    values[i] = await fn(items[i]!);
    samples[i] = performance.now() - a;
  }
  const total = performance.now() - t0;
  const { p50, p99 } = percentiles(samples);
  return { timing: { leadsPerSecond: items.length / (total / 1000), p50us: p50, p99us: p99 }, values };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
