// A result's times (the SLA due time) read in the SLA's own time zone, the one sales works in,
// with the platform's Intl data alone; the UTC instant stays at hand for a tooltip.
import type { Flow } from '@sluice/schemas';

export interface ZonedTime {
  /** The wall time in the zone, e.g. "Tue, Jun 17, 2025, 3:00 PM EDT". */
  text: string;
  /** The IANA zone it is read in, or "UTC" when the SLA's zone is unknown here. */
  zone: string;
  /** The instant as ISO-8601 UTC. */
  utc: string;
}

/**
 * The time zone of the SLA on an outcome node's handoff, or undefined when it has none.
 *
 * @example
 * slaZone(flow, 'handoff') // 'America/New_York'
 */
export function slaZone(flow: Pick<Flow, 'nodes'>, nodeId: string | undefined): string | undefined {
  const n = flow.nodes.find((x) => x.id === nodeId);
  return n?.kind === 'outcome' ? n.config.handoff?.sla?.timeZone : undefined;
}

const formats = new Map<string, Intl.DateTimeFormat | null>();

function format(zone: string, locale: string | undefined): Intl.DateTimeFormat | null {
  const key = `${locale ?? ''}\u0000${zone}`;
  let f = formats.get(key);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat(locale, {
        timeZone: zone,
        weekday: 'short',
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZoneName: 'short',
      });
    } catch {
      // A zone this browser's ICU data does not know (RangeError): read in UTC instead.
      f = null;
    }
    formats.set(key, f);
  }
  return f;
}

/**
 * An instant read in `zone` (falling back to UTC when the zone is missing or unknown), or null
 * when `value` is not a date.
 *
 * @example
 * inZone('2025-06-17T19:00:00.000Z', 'America/New_York', 'en-US')
 * // { text: 'Tue, Jun 17, 2025, 3:00 PM EDT', zone: 'America/New_York', utc: '2025-06-17T19:00:00.000Z' }
 */
export function inZone(value: unknown, zone: string | undefined, locale?: string): ZonedTime | null {
  const ms = typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
  const date = new Date(ms);
  const own = zone ? format(zone, locale) : null;
  const f = own ?? format('UTC', locale);
  return { text: f ? f.format(date) : date.toISOString(), zone: own && zone ? zone : 'UTC', utc: date.toISOString() };
}
