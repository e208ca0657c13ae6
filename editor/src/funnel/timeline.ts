// The Funnel chart's time axis: every month of the range (months without entries too, so the
// axis is time, not data), and where each published version falls on it.
import type { FunnelResponse } from '@sluice/schemas';

export interface Month {
  key: string;
  start: number;
  end: number;
}

export interface PublishMarker {
  version: number;
  publishedAt: string;
  /** The month it falls in (index into the months) and how far into it, 0–1. */
  month: number;
  fraction: number;
}

/** The UTC months [from, to) touches, as the funnel's `by=month` keys them (2025-04). */
export function monthsOf(from: string, to: string): Month[] {
  const end = Date.parse(to);
  const d = new Date(Date.parse(from));
  const out: Month[] = [];
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth();
  // A range of years is a few dozen months; 600 is a bound against a typo like year 20255.
  while (out.length < 600) {
    const start = Date.UTC(y, m, 1);
    if (start >= end) break;
    const next = Date.UTC(y, m + 1, 1);
    out.push({ key: `${y}-${String(m + 1).padStart(2, '0')}`, start, end: next });
    y = new Date(next).getUTCFullYear();
    m = new Date(next).getUTCMonth();
  }
  return out;
}

/**
 * The versions published within [from, to), placed on the months; and those whose publish
 * time is not recorded (published before the runtime kept publish times), which cannot be.
 */
export function publishMarkers(f: Pick<FunnelResponse, 'from' | 'to' | 'published'>, months: Month[]): { markers: PublishMarker[]; unknown: number[] } {
  const from = Date.parse(f.from);
  const to = Date.parse(f.to);
  const markers: PublishMarker[] = [];
  const unknown: number[] = [];
  for (const p of f.published) {
    if (p.publishedAt === null) {
      unknown.push(p.version);
      continue;
    }
    const at = Date.parse(p.publishedAt);
    if (at < from || at >= to) continue;
    const month = months.findIndex((m) => at >= m.start && at < m.end);
    const m = months[month];
    if (!m) continue;
    markers.push({ version: p.version, publishedAt: p.publishedAt, month, fraction: (at - m.start) / (m.end - m.start) });
  }
  return { markers, unknown };
}
