// Reading dates from lead data. Deliberately strict: `Date.parse` accepts "March 3" and reads
// zone-less date-times in the machine's zone, which would make results differ by host.

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

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
  // Beyond ±8.64e15 ms a Date is invalid and formatting it throws.
  if (typeof v === 'number') return Math.abs(v) <= 8.64e15 ? v : undefined;
  if (v instanceof Date) return toEpochMs(v.getTime());
  if (typeof v !== 'string') return undefined;
  return fastIso(v) ?? parseIso(v);
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The shape `toISOString` writes (`2024-03-01T10:00:00Z`, `….123Z`) read digit by digit: most
 * dates in lead data have it, and the general parser costs a regex and a Date per call.
 * `undefined` means "not this shape" (the general parser decides), never "invalid".
 */
function fastIso(v: string): number | undefined {
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

function parseIso(v: string): number | undefined {
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
