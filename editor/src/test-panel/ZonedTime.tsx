import { inZone } from './zoned-time.js';

/**
 * An instant as a person in `zone` reads it, the zone named beside it and the UTC instant in
 * the tooltip; a value that is not a date is shown as it is.
 */
export function ZonedTime({ value, zone }: { value: unknown; zone: string | undefined }) {
  const z = inZone(value, zone);
  if (!z) return <span>{typeof value === 'string' ? value : JSON.stringify(value)}</span>;
  return (
    <time className="zoned" dateTime={z.utc} title={`${z.utc} (UTC)`}>
      {z.text} <span className="muted">{z.zone}</span>
    </time>
  );
}
