// Business-time arithmetic for SLA due times: walk forward through working time only.
import type { Sla } from '@sluice/schemas';
import type { Issue } from '../types.js';
import { toIso } from './calendar.js';
import { toInstant, wallAt, zoneFormat } from './zone.js';

const DAY = 864e5;
/** The walk gives up after this many local days (ten years and change). */
export const MAX_DAYS = 3660;
/** slaIssues refuses a `within` that needs more working time than this many weeks. */
const MAX_WEEKS = 520;

// "HH:MM" → ms after midnight; NaN when malformed.
const clock = (hm: string): number => {
  const m = /^(\d\d):([0-5]\d)$/.exec(hm);
  return m ? (+m[1]! * 60 + +m[2]!) * 6e4 : NaN;
};

// The SLA with its defaults; `need` is the working time to consume, in ms: business days are
// measured in hours, N nominal working days of (to - from) each.
const settings = (sla: Sla) => {
  const from = clock(sla.workingHours?.start ?? '09:00');
  const to = clock(sla.workingHours?.end ?? '17:00');
  const unit = sla.unit;
  return {
    days: sla.workingDays ?? [1, 2, 3, 4, 5],
    from,
    to,
    same: unit == 'sameBusinessDay',
    need: unit == 'sameBusinessDay' ? 0 : Math.round(sla.within * (unit == 'businessDays' ? to - from : 36e5)),
  };
};

/**
 * The SLA due time for work that arrives at `startMs`, as epoch ms. `undefined` when the time
 * zone is unknown, when `startMs` is not a usable date, or when the due time lies more than
 * {@link MAX_DAYS} local days ahead (only possible when holidays cover nearly everything —
 * {@link slaIssues} refuses the rest). Exact semantics: docs/sla.md.
 *
 * @example
 * // Friday 15:00 in New York, 2 business days of 9-17 → Tuesday 15:00
 * computeDueAt(Date.parse('2024-03-08T20:00:00Z'), {
 *   within: 2, unit: 'businessDays', timeZone: 'America/New_York',
 * }); // Date.parse('2024-03-12T19:00:00Z') (EDT by then)
 */
export function computeDueAt(startMs: number, sla: Sla): number | undefined {
  const f = zoneFormat(sla.timeZone);
  if (!f) return undefined;
  // `need` counts down as the walk consumes working time
  let { days, from, to, same, need } = settings(sla);
  const holidays = new Set(sla.holidays);
  try {
    for (let dn = Math.floor(wallAt(f, startMs) / DAY), last = dn + MAX_DAYS; dn < last; dn++) {
      const midnight = dn * DAY;
      // ISO weekday: day 0 (1970-01-01) was a Thursday
      if (!days.includes((((dn % 7) + 10) % 7) + 1) || holidays.has(toIso(midnight).slice(0, 10))) continue;
      const open = Math.max(startMs, toInstant(f, midnight + from));
      const close = toInstant(f, midnight + to);
      // working time is [open, close): a start at the close belongs to the next working day
      if (close > open) {
        if (need <= close - open) return same ? close : open + need;
        need -= close - open;
      }
    }
  } catch {
    // an instant outside the Date range; the zone formatter refuses it
  }
  return undefined;
}

/**
 * What is wrong with an SLA that the schema cannot see, as issues with JSON pointers under
 * `pointer` (the SLA's own path): an unknown time zone, working hours that do not make a
 * day, no or repeated working days, holidays that are not dates, a `within` longer than
 * 520 weeks of working time.
 *
 * @example
 * slaIssues({ within: 1, unit: 'businessDays', timeZone: 'Mars/Olympus' }, '/nodes/4/config/handoff/sla');
 * // [{ path: '/nodes/4/config/handoff/sla/timeZone', message: 'unknown time zone "Mars/Olympus"' }]
 */
export function slaIssues(sla: Sla, pointer: string): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, message: string) => issues.push({ path: pointer + path, message });
  const { days, from, to, same, need } = settings(sla);
  if (!zoneFormat(sla.timeZone)) add('/timeZone', `unknown time zone "${sla.timeZone}"`);
  if (!(from < to && to <= DAY)) add('/workingHours', 'start must be before end (at most 24:00)');
  if (!days.length) add('/workingDays', 'no working days');
  days.forEach((d, i) => {
    // the schema has checked the range
    if (days.indexOf(d) < i) add(`/workingDays/${i}`, `weekday ${d} is listed twice`);
  });
  sla.holidays?.forEach((h, i) => {
    const t = Date.parse(h + 'T00:00Z');
    // Date.parse rolls 2023-02-29 over to March 1st: compare the round trip
    if (!(t == t && toIso(t).slice(0, 10) == h)) add(`/holidays/${i}`, `"${h}" is not a date (YYYY-MM-DD)`);
  });
  // only when the hours and days make a week at all (else those are the issues); the
  // schema has checked within >= 0
  const week = new Set(days).size * (to - from);
  if (!same && week > 0 && need > MAX_WEEKS * week)
    add('/within', `must fit in ${MAX_WEEKS} weeks of working time`);
  return issues;
}
