// Paging through a lead's events on GET /v1/leads/:id: newest first, ordered by (time, seq),
// which never changes once stored, so a cursor stays valid while new events arrive.
import type { EventPage, StoredEvent } from '../store/store.js';
import { SluiceError } from '../errors.js';

export const DEFAULT_EVENTS_LIMIT = 100;
export const MAX_EVENTS_LIMIT = 1000;

/** The opaque cursor after an event: its time and seq. */
export function encodeCursor(e: StoredEvent): string {
  return Buffer.from(`${e.atMs}.${e.seq}`, 'utf8').toString('base64url');
}

/** Reads `?limit=` and `?cursor=`; a bad value is a 400 that names the parameter. */
export function eventPage(limit: string | undefined, cursor: string | undefined): EventPage {
  let n = DEFAULT_EVENTS_LIMIT;
  if (limit !== undefined) {
    n = /^\d{1,4}$/.test(limit) ? Number(limit) : NaN;
    if (!(n >= 1 && n <= MAX_EVENTS_LIMIT)) {
      throw new SluiceError('bad_request', `limit must be a whole number from 1 to ${MAX_EVENTS_LIMIT}`, { issues: [{ path: '?limit', message: 'is not 1–1000' }] });
    }
  }
  if (cursor === undefined) return { limit: n };
  const m = /^(-?\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m || cursor.length > 64) throw new SluiceError('bad_request', 'cursor is not one this server gave out (use nextCursor as is)', { issues: [{ path: '?cursor', message: 'is not a valid cursor' }] });
  return { limit: n, before: { atMs: Number(m[1]), seq: Number(m[2]) } };
}
