// Reading dates from lead data. Deliberately strict: `Date.parse` accepts "March 3" and reads
// zone-less date-times in the machine's zone, which would make results differ by host.

import { fastIso } from './dates-fast.js';

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/**
 * The dates evaluation counts from (its `now`, a recycle's start): years 1000–9000, which leaves
 * room for SLA and re-approach dates to stay valid dates.
 */
export const MIN_START_MS = Date.UTC(1000, 0, 1);
export const MAX_START_MS = Date.UTC(9000, 0, 1);

// 2024-03-01, 2024-03-01T10:00, …T10:00:30, …T10:00:30.123, then Z / +02:00 / +0200 / +02.
const ISO = /^(\d{4})-(\d\d)-(\d\d)(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?(?:[Zz]|([+-])(\d\d)(?::?(\d\d))?)?)?$/;
// Date.UTC reads years 0–99 as 1900–1999; 400 Gregorian years are exactly 146 097 days.
const CYCLE = 400;
const CYCLE_MS = 146_097 * DAY_MS;

/**
 * Epoch milliseconds of a date value, or `undefined` when it is not one.
 *
 * Accepts a finite number (epoch ms), a valid `Date`, or an ISO-8601 string: a date
 * (`2024-03-01`, midnight UTC) or a date-time with optional seconds and fraction, and a zone
 * (`Z`, `+02:00`, `+0200`, `+02`) or none (UTC). Impossible dates (`2024-02-30`, `25:00`) and
 * every other format (`March 3`, `03/01/2024`, `"1709251200000"`) are `undefined`.
 *
 * @example
 * toEpochMs('2024-03-01');                // 1709251200000
 * toEpochMs('2024-03-01T02:00:00+02:00'); // 1709251200000
 * toEpochMs('March 3');                   // undefined
 */
export function toEpochMs(v: unknown): number | undefined {
  // Strings first: lead data and events carry their dates as strings.
  if (typeof v === 'string') return fastIso(v) ?? parseIso(v);
  // Beyond ±8.64e15 ms a Date is invalid and formatting it throws.
  if (typeof v === 'number') return Math.abs(v) <= 8.64e15 ? v : undefined;
  return v instanceof Date ? toEpochMs(v.getTime()) : undefined;
}

/** The general parser of toEpochMs: any ISO-8601 shape it accepts; `undefined` when invalid. */
export function parseIso(v: string): number | undefined {
  const m = ISO.exec(v);
  if (!m) return undefined;
  const n = (i: number) => +(m[i] ?? 0);
  const [y, mo, d, h, mi, s, oh, om] = [n(1), n(2), n(3), n(4), n(5), n(6), n(9), n(10)] as const;
  if (h > 23 || mi > 59 || s > 59 || oh > 23 || om > 59) return undefined;
  const ms = +`${m[7] ?? ''}00`.slice(0, 3);
  const t = Date.UTC(y + CYCLE, mo - 1, d, h, mi, s, ms);
  const check = new Date(t);
  // Date.UTC rolls 2024-02-30 over to March 1; a changed month or day means it was impossible.
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  const offset = m[8] ? (m[8] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000 : 0;
  return t - CYCLE_MS - offset;
}
