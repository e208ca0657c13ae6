import type { Sla } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { computeDueAt, slaIssues } from './business.js';

// due time for a start given as ISO UTC; `undefined` stays undefined
const due = (start: string, sla: Sla) => {
  const t = computeDueAt(Date.parse(start), sla);
  return t === undefined ? t : new Date(t).toISOString();
};
const NY = 'America/New_York';
const hours = (within: number, timeZone = NY, more: Partial<Sla> = {}): Sla => ({ within, unit: 'businessHours', timeZone, ...more });
const days = (within: number, timeZone = NY, more: Partial<Sla> = {}): Sla => ({ within, unit: 'businessDays', timeZone, ...more });
const sameDay = (timeZone = NY, more: Partial<Sla> = {}): Sla => ({ within: 0, unit: 'sameBusinessDay', timeZone, ...more });
const allDay = { workingDays: [1, 2, 3, 4, 5, 6, 7], workingHours: { start: '00:00', end: '24:00' } };

describe('computeDueAt: where the walk starts (New York, 9-17, Mon-Fri, EST = UTC-5)', () => {
  it('uses the start itself inside working time, the next opening outside it', () => {
    // Tue 2024-01-16
    expect(due('2024-01-16T16:00:00Z', hours(0))).toBe('2024-01-16T16:00:00.000Z'); // 11:00
    expect(due('2024-01-16T14:00:00Z', hours(0))).toBe('2024-01-16T14:00:00.000Z'); // at opening
    expect(due('2024-01-16T12:00:00Z', hours(0))).toBe('2024-01-16T14:00:00.000Z'); // 07:00 → 09:00
    expect(due('2024-01-16T23:00:00Z', hours(0))).toBe('2024-01-17T14:00:00.000Z'); // 18:00 → Wed 09:00
    // working time is [09:00, 17:00): a start at 17:00 opens the next day
    expect(due('2024-01-16T22:00:00Z', hours(0))).toBe('2024-01-17T14:00:00.000Z');
    // Sat 2024-01-20 10:00 → Mon 09:00
    expect(due('2024-01-20T15:00:00Z', hours(0))).toBe('2024-01-22T14:00:00.000Z');
  });

  it('consumes hours up to the close exactly, then carries over to the next opening', () => {
    expect(due('2024-01-16T21:00:00Z', hours(1))).toBe('2024-01-16T22:00:00.000Z'); // 16:00 + 1h = 17:00
    expect(due('2024-01-16T21:00:00Z', hours(3))).toBe('2024-01-17T16:00:00.000Z'); // → Wed 11:00
    expect(due('2024-01-16T12:00:00Z', hours(8))).toBe('2024-01-16T22:00:00.000Z'); // before opening: full day
    expect(due('2024-01-16T23:00:00Z', hours(2))).toBe('2024-01-17T16:00:00.000Z'); // after close
    expect(due('2024-01-16T14:00:00Z', hours(40))).toBe('2024-01-22T22:00:00.000Z'); // a working week
  });

  it('allows fractional hours and days, rounded to the millisecond', () => {
    expect(due('2024-01-16T21:00:00Z', hours(1.5))).toBe('2024-01-17T14:30:00.000Z'); // Wed 09:30
    expect(due('2024-01-16T14:00:00Z', hours(1 / 3))).toBe('2024-01-16T14:20:00.000Z');
    expect(due('2024-01-16T14:00:00Z', hours(0.001))).toBe('2024-01-16T14:00:03.600Z');
    expect(due('2024-01-16T14:00:00Z', days(0.25))).toBe('2024-01-16T16:00:00.000Z'); // 2 of 8 hours
    expect(due('2024-01-16T20:00:00Z', days(1.5))).toBe('2024-01-18T16:00:00.000Z'); // Tue 15:00 + 2h + 8h + 2h → Thu 11:00
  });
});

describe('computeDueAt: across a weekend', () => {
  it('counts business days as working hours, skipping Saturday and Sunday', () => {
    // Fri 2024-01-19 15:00 + 2 business days = Tue 15:00
    expect(due('2024-01-19T20:00:00Z', days(2))).toBe('2024-01-23T20:00:00.000Z');
    // Sat 10:00 + 2 business days: starts Mon 09:00, ends at Tuesday's close
    expect(due('2024-01-20T15:00:00Z', days(2))).toBe('2024-01-23T22:00:00.000Z');
    // Fri 16:00 + 4 business hours = Mon 12:00
    expect(due('2024-01-19T21:00:00Z', hours(4))).toBe('2024-01-22T17:00:00.000Z');
  });

  it('honours other working days', () => {
    const weekend = { workingDays: [6, 7] };
    // Fri 10:00 → Sat 09:00 + 8h → Sat 17:00; + 1h more → Sun 10:00
    expect(due('2024-01-19T15:00:00Z', days(1, NY, weekend))).toBe('2024-01-20T22:00:00.000Z');
    expect(due('2024-01-19T15:00:00Z', hours(9, NY, weekend))).toBe('2024-01-21T15:00:00.000Z');
    // Mondays only: Fri 15:00 + 2 business days → the Monday after next, 17:00
    expect(due('2024-01-19T20:00:00Z', days(2, NY, { workingDays: [1] }))).toBe('2024-01-29T22:00:00.000Z');
  });
});

describe('computeDueAt: sameBusinessDay', () => {
  it("is today's close before or during working hours, the next business day's close after", () => {
    const sla = sameDay();
    expect(due('2024-01-16T12:00:00Z', sla)).toBe('2024-01-16T22:00:00.000Z'); // 07:00
    expect(due('2024-01-16T16:00:00Z', sla)).toBe('2024-01-16T22:00:00.000Z'); // 11:00
    expect(due('2024-01-16T22:00:00Z', sla)).toBe('2024-01-17T22:00:00.000Z'); // 17:00
    expect(due('2024-01-16T23:00:00Z', sla)).toBe('2024-01-17T22:00:00.000Z'); // 18:00
    expect(due('2024-01-19T23:00:00Z', sla)).toBe('2024-01-22T22:00:00.000Z'); // Fri 18:00 → Mon
    expect(due('2024-01-20T15:00:00Z', sla)).toBe('2024-01-22T22:00:00.000Z'); // Sat
  });

  it('ignores within', () => {
    expect(due('2024-01-16T16:00:00Z', { ...sameDay(), within: 5 })).toBe('2024-01-16T22:00:00.000Z');
  });
});

describe('computeDueAt: holidays (local dates in the SLA zone)', () => {
  it('skips holidays like weekends', () => {
    const sla = hours(4, 'Europe/Berlin', { holidays: ['2024-12-24', '2024-12-25', '2024-12-26'] });
    // Mon 23 Dec 16:00 CET: 1h that day, then Fri 27th 09:00 + 3h
    expect(due('2024-12-23T15:00:00Z', sla)).toBe('2024-12-27T11:00:00.000Z');
    // New York: MLK day 2024-01-15; Fri 15:00 + 2 business days → Wed 15:00
    expect(due('2024-01-12T20:00:00Z', days(2, NY, { holidays: ['2024-01-15'] }))).toBe('2024-01-17T20:00:00.000Z');
  });

  it('reads the holiday date in the zone, not in UTC', () => {
    // 2023-12-31T23:00Z is Mon 1 Jan 08:00 in Tokyo, a holiday there: due Tue 2 Jan 17:00 JST
    const sla = sameDay('Asia/Tokyo', { holidays: ['2024-01-01'] });
    expect(due('2023-12-31T23:00:00Z', sla)).toBe('2024-01-02T08:00:00.000Z');
    // the same holiday does not touch Sunday 31 Dec in New York (18:00): due Tue 2 Jan 17:00 EST
    expect(due('2023-12-31T23:00:00Z', sameDay(NY, { holidays: ['2024-01-01'] }))).toBe('2024-01-02T22:00:00.000Z');
  });

  it('gives up after 3,660 days of holidays and returns undefined', () => {
    const all: string[] = [];
    for (let d = Date.UTC(2024, 0, 1); d < Date.UTC(2034, 1, 1); d += 864e5) all.push(new Date(d).toISOString().slice(0, 10));
    expect(due('2024-01-16T16:00:00Z', hours(1, NY, { holidays: all }))).toBeUndefined();
    // one free day just inside the cap is still found
    expect(due('2024-01-16T16:00:00Z', hours(1, NY, { holidays: all.slice(0, -40) }))).toBe('2033-12-23T15:00:00.000Z');
  });
});

describe('computeDueAt: DST changes', () => {
  it('New York spring forward: due times keep local wall time across the change', () => {
    // Fri 2024-03-08 15:00 EST + 2 business days = Tue 15:00 EDT (UTC-4)
    expect(due('2024-03-08T20:00:00Z', days(2))).toBe('2024-03-12T19:00:00.000Z');
    expect(due('2024-03-08T21:00:00Z', hours(4))).toBe('2024-03-11T16:00:00.000Z');
    expect(due('2024-03-08T23:00:00Z', sameDay())).toBe('2024-03-11T21:00:00.000Z');
  });

  it('New York fall back: round the clock, hours are real elapsed hours', () => {
    // Sun 2024-11-03 00:00 EDT + 2h = 01:00 EST (the second 01:00)
    expect(due('2024-11-03T04:00:00Z', hours(2, NY, allDay))).toBe('2024-11-03T06:00:00.000Z');
    // Sat 2024-03-09 23:00 EST + 5h: 02:00-03:00 does not exist → 05:00 EDT
    expect(due('2024-03-10T04:00:00Z', hours(5, NY, allDay))).toBe('2024-03-10T09:00:00.000Z');
    // a business day is (end - start) of nominal working time: 24h, so on the 23-hour day
    // 1 business day from midnight ends at 01:00 the next day
    expect(due('2024-03-10T05:00:00Z', days(1, NY, allDay))).toBe('2024-03-11T05:00:00.000Z');
  });

  it('Berlin: working hours that fall in the gap open when the clocks jump', () => {
    const sla = (within: number) => hours(within, 'Europe/Berlin', { workingDays: [7], workingHours: { start: '02:30', end: '04:00' } });
    // Sat 30 Mar: Sunday 31 Mar opens at 03:00 CEST (01:00Z), closes at 04:00 CEST
    expect(due('2024-03-30T12:00:00Z', sla(0))).toBe('2024-03-31T01:00:00.000Z');
    expect(due('2024-03-30T12:00:00Z', sla(1))).toBe('2024-03-31T02:00:00.000Z');
    // 1.5h: 1h on the short Sunday, 0.5h on 7 Apr (02:30 + 30 min = 03:00 CEST)
    expect(due('2024-03-30T12:00:00Z', sla(1.5))).toBe('2024-04-07T01:00:00.000Z');
  });

  it('Berlin: a repeated wall time opens at its first occurrence', () => {
    // Sun 27 Oct 02:30 happens twice; 02:30 CEST (00:30Z) to 03:30 CET (02:30Z) is 2 real hours
    const sla = hours(2, 'Europe/Berlin', { workingDays: [7], workingHours: { start: '02:30', end: '03:30' } });
    expect(due('2024-10-26T12:00:00Z', sla)).toBe('2024-10-27T02:30:00.000Z');
    expect(due('2024-10-26T12:00:00Z', { ...sla, unit: 'sameBusinessDay' })).toBe('2024-10-27T02:30:00.000Z');
    expect(due('2024-10-26T12:00:00Z', { ...sla, within: 0 })).toBe('2024-10-27T00:30:00.000Z');
  });

  it('Berlin, 9-17, ordinary business days across both changes', () => {
    // Fri 29 Mar 15:00 CET (14:00Z) + 2 business days = Tue 2 Apr 15:00 CEST (13:00Z)
    expect(due('2024-03-29T14:00:00Z', days(2, 'Europe/Berlin'))).toBe('2024-04-02T13:00:00.000Z');
    // Fri 25 Oct 15:00 CEST (13:00Z) + 2 business days = Tue 29 Oct 15:00 CET (14:00Z)
    expect(due('2024-10-25T13:00:00Z', days(2, 'Europe/Berlin'))).toBe('2024-10-29T14:00:00.000Z');
  });
});

describe('computeDueAt: zones east and west of UTC', () => {
  it('Tokyo (UTC+9): the local date is a day ahead of UTC in the morning', () => {
    // Fri 7 Jun 08:00 JST is Thu 23:00Z: before Friday's opening → Fri 17:00 JST
    expect(due('2024-06-06T23:00:00Z', sameDay('Asia/Tokyo'))).toBe('2024-06-07T08:00:00.000Z');
    // Mon 3 Jun 16:30 JST + 1h → Tue 09:30 JST
    expect(due('2024-06-03T07:30:00Z', hours(1, 'Asia/Tokyo'))).toBe('2024-06-04T00:30:00.000Z');
  });

  it('Sydney: DST in the southern summer (AEDT UTC+11, AEST UTC+10)', () => {
    // Fri 12 Jan 15:00 AEDT + 2 business days = Tue 16 Jan 15:00 AEDT
    expect(due('2024-01-12T04:00:00Z', days(2, 'Australia/Sydney'))).toBe('2024-01-16T04:00:00.000Z');
    // DST ends Sun 7 Apr: Fri 5 Apr 16:00 AEDT + 2 business days = Tue 9 Apr 16:00 AEST
    expect(due('2024-04-05T05:00:00Z', days(2, 'Australia/Sydney'))).toBe('2024-04-09T06:00:00.000Z');
    // DST starts Sun 6 Oct: Fri 4 Oct 15:00 AEST + 2 business days = Tue 8 Oct 15:00 AEDT
    expect(due('2024-10-04T05:00:00Z', days(2, 'Australia/Sydney'))).toBe('2024-10-08T04:00:00.000Z');
  });

  it('Los Angeles and São Paulo: the local date is a day behind UTC in the evening', () => {
    // Fri 7 Jun 17:30 PDT is Sat 00:30Z: after closing → Mon 17:00 PDT
    expect(due('2024-06-08T00:30:00Z', sameDay('America/Los_Angeles'))).toBe('2024-06-11T00:00:00.000Z');
    // Fri 16:00 PDT + 2h → Mon 10:00 PDT
    expect(due('2024-06-07T23:00:00Z', hours(2, 'America/Los_Angeles'))).toBe('2024-06-10T17:00:00.000Z');
    // Mon 3 Jun 08:00 BRT (UTC-3, no DST) → opens 09:00
    expect(due('2024-06-03T11:00:00Z', hours(0, 'America/Sao_Paulo'))).toBe('2024-06-03T12:00:00.000Z');
  });
});

describe('computeDueAt: 24:00 end', () => {
  it('works until midnight and resumes the next working day', () => {
    const evening = { workingHours: { start: '20:00', end: '24:00' } };
    // Tue 16 Jan 23:00 EST + 2h: 1h to midnight, then Wed 20:00 + 1h
    expect(due('2024-01-17T04:00:00Z', hours(2, NY, evening))).toBe('2024-01-18T02:00:00.000Z');
    // sameBusinessDay at 21:00 is due at midnight
    expect(due('2024-01-17T02:00:00Z', sameDay(NY, evening))).toBe('2024-01-17T05:00:00.000Z');
    // one business day = 4 hours
    expect(due('2024-01-17T02:00:00Z', days(1, NY, evening))).toBe('2024-01-18T02:00:00.000Z');
  });
});

describe('computeDueAt: what it refuses', () => {
  it('returns undefined for an unknown zone or an unusable start', () => {
    expect(due('2024-01-16T16:00:00Z', hours(1, 'Mars/Olympus'))).toBeUndefined();
    expect(computeDueAt(Number.NaN, hours(1))).toBeUndefined();
    expect(computeDueAt(8.64e15, hours(1))).toBeUndefined();
  });
});

describe('slaIssues', () => {
  const p = '/nodes/2/config/handoff/sla';
  it('accepts a sound SLA, 24:00 ends and leap days', () => {
    expect(slaIssues(days(2), p)).toEqual([]);
    expect(slaIssues(sameDay('Asia/Tokyo', { ...allDay, holidays: ['2024-02-29', '2025-12-31'] }), p)).toEqual([]);
  });

  it('reports an unknown time zone', () => {
    expect(slaIssues(days(2, 'Mars/Olympus'), p)).toEqual([{ path: `${p}/timeZone`, message: 'unknown time zone "Mars/Olympus"' }]);
  });

  it('reports working hours that do not make a day', () => {
    const bad = (start: string, end: string) => slaIssues(days(1, NY, { workingHours: { start, end } }), p).map((i) => i.path);
    expect(bad('17:00', '09:00')).toEqual([`${p}/workingHours`]);
    expect(bad('09:00', '09:00')).toEqual([`${p}/workingHours`]);
    expect(bad('09:00', '24:30')).toEqual([`${p}/workingHours`]);
    expect(bad('9:00', '17:00')).toEqual([`${p}/workingHours`]);
  });

  it('reports no working days and repeated ones', () => {
    expect(slaIssues(days(1, NY, { workingDays: [] }), p)).toEqual([{ path: `${p}/workingDays`, message: 'no working days' }]);
    expect(slaIssues(days(1, NY, { workingDays: [1, 2, 1, 2] }), p)).toEqual([
      { path: `${p}/workingDays/2`, message: 'weekday 1 is listed twice' },
      { path: `${p}/workingDays/3`, message: 'weekday 2 is listed twice' },
    ]);
  });

  it('reports holidays that are not dates', () => {
    const holidays = ['2023-02-29', '2024-13-01', '2024-04-31', '2024-1-1', '2024-01-01T00:00', '2024-12-25'];
    expect(slaIssues(days(1, NY, { holidays }), p).map((i) => i.path)).toEqual([0, 1, 2, 3, 4].map((i) => `${p}/holidays/${i}`));
  });

  it('reports a within longer than 520 weeks of working time, not for sameBusinessDay', () => {
    expect(slaIssues(days(2600), p)).toEqual([]);
    expect(slaIssues(days(2601), p).map((i) => i.path)).toEqual([`${p}/within`]);
    expect(slaIssues(hours(520 * 40), p)).toEqual([]);
    expect(slaIssues(hours(520 * 40 + 1), p).map((i) => i.path)).toEqual([`${p}/within`]);
    expect(slaIssues(days(521, NY, { workingDays: [1] }), p).map((i) => i.path)).toEqual([`${p}/within`]);
    expect(slaIssues({ ...sameDay(), within: 1e9 }, p)).toEqual([]);
  });

  it('keeps every accepted within inside the walk cap', () => {
    // the largest accepted SLAs, started on the worst weekday, still find a due time
    expect(due('2024-01-16T16:00:00Z', days(2600))).toBeDefined();
    expect(due('2024-01-16T16:00:00Z', days(520, NY, { workingDays: [1] }))).toBeDefined();
  });
});
