// Time-zone arithmetic through Intl.DateTimeFormat alone: no tz database is shipped, the
// runtime's own (ICU) data answers. A "wall" value is a local date and time written as if it
// were UTC epoch milliseconds, so that calendar maths on it is plain UTC maths.

import { OFFSETS } from './offset-cache.js';

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * The cached formatter that reads wall times in `zone`, or `undefined` when the runtime does
 * not know the zone.
 *
 * @example
 * zoneFormat('Europe/Berlin'); // Intl.DateTimeFormat
 * zoneFormat('Mars/Olympus'); // undefined
 */
export function zoneFormat(zone: string): Intl.DateTimeFormat | undefined {
  let f = formats.get(zone);
  if (!f) {
    try {
      // h23, not hour12: false — some engines print midnight as 24:00 with the latter
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      return undefined;
    }
    formats.set(zone, f);
  }
  return f;
}

const BUCKET = 9e5; // 15 minutes

/**
 * The wall time of instant `t` in the formatter's zone (whole seconds; years 100 and later).
 *
 * Formatting is the slow part of SLA maths (µs per call), so servers cache the zone's offset per
 * 15-minute UTC bucket: every offset in use since 1970 is a multiple of 15 minutes and changes
 * on such a boundary, so one bucket has one offset. The browser bundles, which compute one due
 * time per page, format every time (offset-cache.off.ts; zone.test.ts compares the two).
 *
 * @example
 * wallAt(zoneFormat('Asia/Tokyo')!, Date.UTC(2024, 0, 1)); // Date.UTC(2024, 0, 1, 9)
 */
export function wallAt(f: Intl.DateTimeFormat, t: number): number {
  const sec = Math.floor(t / 1e3) * 1e3;
  // Before 1970 local mean times had odd offsets: no caching there.
  if (!OFFSETS || t < 0) return formatWall(f, sec);
  const b = Math.floor(t / BUCKET);
  let cache = OFFSETS.get(f);
  if (!cache) OFFSETS.set(f, (cache = new Map()));
  let off = cache.get(b);
  if (off === undefined) {
    const t0 = b * BUCKET;
    off = formatWall(f, t0) - t0;
    if (cache.size > 50_000) cache.clear();
    cache.set(b, off);
  }
  return sec + off;
}

/** The wall time of instant `t` (a whole second), read from the formatter: what wallAt caches. */
export function formatWall(f: Intl.DateTimeFormat, t: number): number {
  // en-US numeric prints "M/D/YYYY, HH:MM:SS"
  const p = f.format(t).match(/\d+/g)!;
  return Date.UTC(+p[2]!, +p[0]! - 1, +p[1]!, +p[3]!, +p[4]!, +p[5]!);
}

/**
 * The first instant whose wall time in the formatter's zone is at or after `wall` (a whole
 * second): the instant itself when that wall time exists once, the earlier one when a
 * fall-back repeats it, the end of the gap (the moment clocks jump) when a spring-forward
 * skips it.
 *
 * @example
 * const ny = zoneFormat('America/New_York')!;
 * toInstant(ny, Date.UTC(2024, 2, 10, 2, 30)); // Date.UTC(2024, 2, 10, 7) = 03:00 EDT
 * toInstant(ny, Date.UTC(2024, 10, 3, 1, 30)); // Date.UTC(2024, 10, 3, 5, 30) = 01:30 EDT
 */
export function toInstant(f: Intl.DateTimeFormat, wall: number): number {
  // Two candidates: `wall` less the offset a day before, and less the offset a day after;
  // between them they cover any single transition near `wall`.
  const a = 2 * wall - wallAt(f, wall - 864e5) - 864e5;
  const b = 2 * wall - wallAt(f, wall + 864e5) + 864e5;
  // no transition nearby (the usual case); with one, try both offsets
  if (a == b) return a;
  let lo = Math.min(a, b);
  let hi = Math.max(a, b);
  if (wallAt(f, lo) == wall) return lo;
  if (wallAt(f, hi) == wall) return hi;
  // In a gap: wallAt(lo) < wall < wallAt(hi); bisect (whole seconds) for the jump.
  while (hi - lo > 1e3) {
    const m = lo + Math.floor((hi - lo) / 2e3) * 1e3;
    if (wallAt(f, m) < wall) lo = m;
    else hi = m;
  }
  return hi;
}
