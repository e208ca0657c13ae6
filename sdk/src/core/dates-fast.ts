// A fast path of toEpochMs (dates.ts), for speed only: the browser bundles put dates-fast.off.ts
// in its place (sdk/scripts/build.mjs), which leaves every date to the general parser.

import { toEpochMs } from './dates.js';

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The shape `toISOString` writes (`2024-03-01T10:00:00Z`, `….123Z`) read digit by digit: most
 * dates in lead data have it, and the general parser costs a regex and a Date per call.
 * `undefined` means "not this shape" (the general parser decides), never "invalid".
 */
export function fastIso(v: string): number | undefined {
  const n = v.length;
  if ((n !== 20 && n !== 24) || v[n - 1] !== 'Z' || v[4] !== '-' || v[7] !== '-' || v[10] !== 'T' || v[13] !== ':' || v[16] !== ':') return undefined;
  if (n === 24 && v[19] !== '.') return undefined;
  const num = (i: number, len: number) => {
    let x = 0;
    for (let k = i; k < i + len; k++) {
      const c = v.charCodeAt(k) - 48;
      if (c < 0 || c > 9) return -1;
      x = x * 10 + c;
    }
    return x;
  };
  const y = num(0, 4);
  const mo = num(5, 2);
  const d = num(8, 2);
  const h = num(11, 2);
  const mi = num(14, 2);
  const s = num(17, 2);
  const ms = n === 24 ? num(20, 3) : 0;
  // Years before 100 need the general parser's care (Date.UTC reads them as 19xx).
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || ms < 0) return undefined;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > DAYS[mo - 1]! + (leap ? 1 : 0)) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
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

