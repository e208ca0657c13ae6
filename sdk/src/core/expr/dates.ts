import { isNum, isStr } from './interpret.js';

// Private date reading until sdk/src/core/dates.ts (toEpochMs) is there to share.
const ISO = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[-+]\d\d:\d\d)?)?$/;

/**
 * Epoch ms of an epoch-ms number or an ISO 8601 date / date-time string, else null. A
 * date-time without an offset is UTC (never the machine's zone); impossible dates are null.
 */
export function toMs(v: unknown): number | null {
  if (isNum(v)) return isFinite(v) ? v : null;
  if (!isStr(v) || !ISO.test(v)) return null;
  const t = Date.parse(/T[\d:.]+$/.test(v) ? v + 'Z' : v);
  // V8 rolls 2024-02-30 over to March 1: check that the day survived.
  return new Date(Date.parse(v.slice(0, 10))).getUTCDate() == +v.slice(8, 10) && t === t ? t : null;
}
