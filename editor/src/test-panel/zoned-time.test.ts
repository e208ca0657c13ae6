import { describe, expect, it } from 'vitest';
import type { Flow } from '@sluice/schemas';
import { inZone, slaZone } from './zoned-time.js';

describe('inZone', () => {
  it('reads the instant in the SLA zone and keeps UTC beside it', () => {
    expect(inZone('2025-06-17T19:00:00.000Z', 'America/New_York', 'en-US')).toEqual({ text: 'Tue, Jun 17, 2025, 3:00 PM EDT', zone: 'America/New_York', utc: '2025-06-17T19:00:00.000Z' });
    // Winter: the same zone, another offset.
    expect(inZone('2025-01-14T14:00:00Z', 'America/New_York', 'en-US')?.text).toBe('Tue, Jan 14, 2025, 9:00 AM EST');
    expect(inZone('2025-06-17T19:00:00.000Z', 'Europe/Berlin', 'en-GB')?.text).toBe('Tue, 17 Jun 2025, 21:00 CEST');
  });
  it('falls back to UTC for a missing or unknown zone, and to nothing for a non-date', () => {
    expect(inZone('2025-06-17T19:00:00.000Z', 'Mars/Olympus', 'en-US')).toEqual({ text: 'Tue, Jun 17, 2025, 7:00 PM UTC', zone: 'UTC', utc: '2025-06-17T19:00:00.000Z' });
    expect(inZone('2025-06-17T19:00:00.000Z', undefined, 'en-US')?.zone).toBe('UTC');
    expect(inZone('soon', 'UTC')).toBeNull();
    expect(inZone(undefined, 'UTC')).toBeNull();
  });
});

describe('slaZone', () => {
  it('is the zone of the SLA on the outcome node, if any', () => {
    const flow = {
      nodes: [
        { id: 'sql', kind: 'outcome', config: { stage: 'SQL', handoff: { context: [], sla: { within: 2, unit: 'businessDays', timeZone: 'Europe/Berlin' } } }, position: { x: 0, y: 0 } },
        { id: 'nurture', kind: 'outcome', config: { stage: 'Nurture' }, position: { x: 0, y: 0 } },
      ],
    } as unknown as Pick<Flow, 'nodes'>;
    expect(slaZone(flow, 'sql')).toBe('Europe/Berlin');
    expect(slaZone(flow, 'nurture')).toBeUndefined();
    expect(slaZone(flow, 'gone')).toBeUndefined();
  });
});
