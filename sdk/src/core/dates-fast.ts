// A fast path of toEpochMs (dates.ts), for speed only: the browser bundles put dates-fast.off.ts
// in its place (sdk/scripts/build.mjs), which leaves every date to the general parser.

import { toEpochMs } from './dates.js';

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Two decimal digits at i, or -1.
function two(v: string, i: number): number {
  const a = v.charCodeAt(i) - 48;
  const b = v.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The shape `toISOString` writes (`2024-03-01T10:00:00Z`, `….123Z`) read digit by digit: most
 * dates in lead data have it, and the general parser costs a regex and a Date per call.
 * `undefined` means "not this shape" (the general parser decides), never "invalid".
 */
export function fastIso(v: string): number | undefined {
  const n = v.length;
  // - : T : : and the final Z by their char codes
  if ((n !== 20 && n !== 24) || v.charCodeAt(n - 1) !== 90 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(10) !== 84 || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) return undefined;
  const c = two(v, 0);
  const yy = two(v, 2);
  const mo = two(v, 5);
  const d = two(v, 8);
  const h = two(v, 11);
  const mi = two(v, 14);
  const s = two(v, 17);
  let ms = 0;
  if (n === 24) {
    const ab = two(v, 20);
    const c3 = v.charCodeAt(22) - 48;
    if (v.charCodeAt(19) !== 46 || ab < 0 || c3 < 0 || c3 > 9) return undefined;
    ms = ab * 10 + c3;
  }
  // Years before 100 (c = 0) need the general parser's care (Date.UTC reads them as 19xx).
  if (c < 1 || yy < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return undefined;
  let y = c * 100 + yy;
  if (d > DAYS[mo - 1]! && !(mo === 2 && d === 29 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return undefined;
  // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), which is
  // what Date.UTC computes, without the call: years start in March so leap days come last.
  if (mo <= 2) y--;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = (((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) | 0) + d - 1;
  const days = era * 146_097 + yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy - 719_468;
  return days * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

// Batches score many leads at one `now`: the last string read is kept (as toIso keeps the last
// date written). dates.ts imports this module too: the cycle is only followed at call time.
let lastNow: string | undefined;
let lastNowMs: number | undefined;

/**
 * toEpochMs for evaluate's `now`, the last string kept. Numbers need no cache.
 *
 * @example
 * cachedNow('2025-06-11T14:00:00.000Z'); // 1749650400000, parsed once for a batch
 */
export function cachedNow(v: unknown): number | undefined {
  if (typeof v !== 'string') return toEpochMs(v);
  if (v !== lastNow) {
    lastNow = v;
    lastNowMs = toEpochMs(v);
  }
  return lastNowMs;
}

/**
 * `f` remembering its last answer: a batch scores many leads at one `now`, and an outcome's SLA
 * due time depends on nothing else (the browser bundles call `f` each time: dates-fast.off.ts).
 *
 * @example
 * const dueIso = lastByNow((nowMs) => toIso(computeDueAt(nowMs, sla)!));
 */
export function lastByNow<T>(f: (nowMs: number) => T): (nowMs: number) => T {
  let last = Number.NaN;
  let value: T;
  return (nowMs) => {
    if (nowMs !== last) {
      value = f(nowMs);
      last = nowMs;
    }
    return value;
  };
}
