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

export function timeSync<T>(items: readonly T[], fn: (item: T) => unknown): Timing {
  gc();
  const t0 = performance.now();
  for (let i = 0; i < items.length; i++) fn(items[i]!);
  const total = performance.now() - t0;
  gc();
  const samples = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const a = performance.now();
    fn(items[i]!);
    samples[i] = performance.now() - a;
  }
  const { p50, p99 } = percentiles(samples);
  return { leadsPerSecond: items.length / (total / 1000), p50us: p50, p99us: p99 };
}

/** An async engine, measured honestly: each lead is awaited before the next starts. */
export async function timeAsync<T>(items: readonly T[], fn: (item: T) => Promise<unknown>): Promise<Timing> {
  gc();
  const t0 = performance.now();
  for (let i = 0; i < items.length; i++) await fn(items[i]!);
  const total = performance.now() - t0;
  gc();
  const samples = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const a = performance.now();
    await fn(items[i]!);
    samples[i] = performance.now() - a;
  }
  const { p50, p99 } = percentiles(samples);
  return { leadsPerSecond: items.length / (total / 1000), p50us: p50, p99us: p99 };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
