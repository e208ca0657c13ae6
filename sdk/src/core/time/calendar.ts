// Calendar arithmetic in UTC, for re-approach dates ("re-approach in 6 months").

/**
 * `new Date(ms).toISOString()`: ISO-8601 UTC with milliseconds.
 *
 * @example
 * toIso(0); // '1970-01-01T00:00:00.000Z'
 */
export function toIso(ms: number): string {
  // Batches score many leads at one `now`: formatting it once per batch, not per lead, is a
  // measurable share of an evaluation.
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

let lastMs = Number.NaN;
let lastIso = '';

/**
 * Adds whole months, then days, on the UTC calendar, keeping the time of day. A day that
 * the target month lacks is clamped to its last day (Jan 31 + 1 month = Feb 28, or Feb 29
 * in a leap year); the days are added after the clamp.
 *
 * @example
 * addCalendar(Date.parse('2024-01-31T10:00:00Z'), { months: 1 }); // 2024-02-29T10:00:00Z
 * addCalendar(Date.parse('2024-01-31T10:00:00Z'), { months: 1, days: 1 }); // 2024-03-01T10:00:00Z
 */
export function addCalendar(startMs: number, add: { months?: number; days?: number }): number {
  const d = new Date(startMs);
  const day = d.getUTCDate();
  d.setUTCMonth(d.getUTCMonth() + (add.months ?? 0), 1);
  // day 0 of the month after = the target month's last day
  d.setUTCMonth(d.getUTCMonth() + 1, 0);
  d.setUTCDate(Math.min(day, d.getUTCDate()));
  return d.getTime() + (add.days ?? 0) * 864e5;
}
