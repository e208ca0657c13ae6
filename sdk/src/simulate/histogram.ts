// A score histogram in constant memory: counts in fixed-width bins keyed by floor(value / width).
// The width starts at one point and doubles (merging neighbours) whenever more than MAX_BINS
// bins are in use, so memory stays bounded whatever the scores do, and p50/p90 are estimated
// within one bin width of the exact value (interpolated linearly inside their bin).
import type { ScoreHistogram } from '@sluice/schemas';
import { round2 } from '../core/util.js';

const MAX_BINS = 2048;
/** Bins in the report: at most this many, of a "nice" width (1, 2, 2.5 or 5 × 10^k). */
const SHOWN_BINS = 20;

export class Histogram {
  private width = 1;
  private bins = new Map<number, number>();
  private n = 0;
  private sum = 0;
  private lo = Infinity;
  private hi = -Infinity;

  add(v: number): void {
    if (!Number.isFinite(v)) return;
    this.n++;
    this.sum += v;
    if (v < this.lo) this.lo = v;
    if (v > this.hi) this.hi = v;
    const k = Math.floor(v / this.width);
    this.bins.set(k, (this.bins.get(k) ?? 0) + 1);
    if (this.bins.size > MAX_BINS) this.coarsen();
  }

  private coarsen(): void {
    // floor(floor(v / w) / 2) = floor(v / 2w): merged bins are exactly the coarser bins.
    const merged = new Map<number, number>();
    for (const [k, c] of this.bins) {
      const m = Math.floor(k / 2);
      merged.set(m, (merged.get(m) ?? 0) + c);
    }
    this.width *= 2;
    this.bins = merged;
  }

  /** The value below which a fraction q of the values lie, estimated from the bins. */
  quantile(q: number): number | null {
    if (this.n === 0) return null;
    const rank = q * this.n;
    let seen = 0;
    for (const k of [...this.bins.keys()].sort((a, b) => a - b)) {
      const c = this.bins.get(k) ?? 0;
      if (seen + c >= rank) {
        const from = Math.max(k * this.width, this.lo);
        const to = Math.min((k + 1) * this.width, this.hi);
        return round2(from + (to - from) * (c === 0 ? 0 : (rank - seen) / c));
      }
      seen += c;
    }
    return round2(this.hi);
  }

  report(thresholds: number[]): ScoreHistogram {
    const empty = this.n === 0;
    return {
      count: this.n,
      min: empty ? null : round2(this.lo),
      max: empty ? null : round2(this.hi),
      mean: empty ? null : round2(this.sum / this.n),
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      binWidth: this.width,
      bins: empty ? [] : this.shown(),
      thresholds,
    };
  }

  /** Up to SHOWN_BINS equal bins from min to max, each a union of whole internal bins. */
  private shown(): ScoreHistogram['bins'] {
    const w = niceWidth((this.hi - this.lo) / SHOWN_BINS, this.width);
    const first = Math.floor(this.lo / w);
    const last = Math.floor(this.hi / w);
    const counts = new Array<number>(last - first + 1).fill(0);
    for (const [k, c] of this.bins) {
      const i = Math.floor((k * this.width) / w) - first;
      counts[Math.min(Math.max(i, 0), counts.length - 1)]! += c;
    }
    return counts.map((count, i) => ({ from: round2((first + i) * w), to: round2((first + i + 1) * w), count }));
  }
}

/** The smallest width ≥ `raw` of the form {1, 2, 2.5, 5} × 10^k that is a multiple of `unit`. */
function niceWidth(raw: number, unit: number): number {
  // A multiple of the internal width keeps every internal bin inside one shown bin.
  for (let p = 1; p < 1e15; p *= 10) {
    for (const m of [1, 2, 2.5, 5]) {
      const w = m * p;
      if (w >= raw && w >= unit && w % unit === 0) return w;
    }
  }
  return Math.ceil(raw / unit) * unit;
}
