import { describe, expect, it } from 'vitest';
import { Histogram } from './histogram.js';

const exact = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.ceil(q * xs.length) - 1]!;

describe('Histogram', () => {
  it('gives min, max, mean and percentiles within one bin width of the exact values', () => {
    const h = new Histogram();
    const xs = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000) / 10 - 20); // -20 … 79.9, shuffled
    for (const x of xs) h.add(x);
    const r = h.report([]);
    expect(r).toMatchObject({ count: 1000, min: -20, max: 79.9, binWidth: 1 });
    expect(r.mean).toBeCloseTo(xs.reduce((a, b) => a + b) / 1000, 2);
    expect(Math.abs(r.p50! - exact(xs, 0.5))).toBeLessThanOrEqual(r.binWidth);
    expect(Math.abs(r.p90! - exact(xs, 0.9))).toBeLessThanOrEqual(r.binWidth);
  });

  it('shows about 20 round bins from min to max that hold every value', () => {
    const h = new Histogram();
    for (let i = 0; i <= 100; i++) h.add(i);
    const { bins } = h.report([50]);
    expect(bins[0]).toEqual({ from: 0, to: 5, count: 5 });
    expect(bins.at(-1)).toEqual({ from: 100, to: 105, count: 1 });
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(101);
    for (let i = 1; i < bins.length; i++) expect(bins[i]!.from).toBe(bins[i - 1]!.to);
  });

  it('widens its bins instead of growing when the values spread over a wide range', () => {
    const h = new Histogram();
    const xs: number[] = [];
    for (let i = 0; i < 100_000; i++) xs.push(((i * 104729) % 100_000) * 3.7);
    for (const x of xs) h.add(x);
    const r = h.report([]);
    expect(r.binWidth).toBeGreaterThan(1);
    expect(r.binWidth).toBeLessThanOrEqual(512);
    expect((h as unknown as { bins: Map<number, number> }).bins.size).toBeLessThanOrEqual(2048);
    expect(Math.abs(r.p50! - exact(xs, 0.5))).toBeLessThanOrEqual(r.binWidth);
    expect(Math.abs(r.p90! - exact(xs, 0.9))).toBeLessThanOrEqual(r.binWidth);
    expect(r.bins.reduce((a, b) => a + b.count, 0)).toBe(100_000);
    expect(r.bins.length).toBeLessThanOrEqual(21);
  });

  it('reports nothing but the thresholds when empty, and ignores non-finite values', () => {
    const h = new Histogram();
    h.add(Number.NaN);
    h.add(Infinity);
    expect(h.report([1, 2])).toEqual({ count: 0, min: null, max: null, mean: null, p50: null, p90: null, binWidth: 1, bins: [], thresholds: [1, 2] });
  });
});
