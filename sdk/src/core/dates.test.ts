import { describe, expect, it } from 'vitest';
import { fastIso } from './dates-fast.js';
import { DAY_MS, parseIso, toEpochMs } from './dates.js';

describe('toEpochMs', () => {
  it('reads epoch milliseconds', () => {
    expect(toEpochMs(0)).toBe(0);
    expect(toEpochMs(1_709_251_200_000)).toBe(1_709_251_200_000);
    expect(toEpochMs(-86_400_000)).toBe(-86_400_000);
    expect(toEpochMs(NaN)).toBeUndefined();
    expect(toEpochMs(Infinity)).toBeUndefined();
  });

  it.each([
    ['2024-03-01', Date.UTC(2024, 2, 1)],
    ['2024-03-01T10:20', Date.UTC(2024, 2, 1, 10, 20)],
    ['2024-03-01T10:20:30', Date.UTC(2024, 2, 1, 10, 20, 30)],
    ['2024-03-01T10:20:30Z', Date.UTC(2024, 2, 1, 10, 20, 30)],
    ['2024-03-01t10:20:30z', Date.UTC(2024, 2, 1, 10, 20, 30)],
    ['2024-03-01 10:20:30Z', Date.UTC(2024, 2, 1, 10, 20, 30)],
    ['2024-03-01T10:20:30.5Z', Date.UTC(2024, 2, 1, 10, 20, 30, 500)],
    ['2024-03-01T10:20:30.123456789Z', Date.UTC(2024, 2, 1, 10, 20, 30, 123)],
    ['2024-03-01T02:00:00+02:00', Date.UTC(2024, 2, 1)],
    ['2024-03-01T02:00:00+0200', Date.UTC(2024, 2, 1)],
    ['2024-03-01T02:00:00+02', Date.UTC(2024, 2, 1)],
    ['2024-02-29T19:30:00-04:30', Date.UTC(2024, 2, 1)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2000-02-29', Date.UTC(2000, 1, 29)],
    ['1969-12-31T23:59:59.999Z', -1],
    ['0050-06-01', Date.parse('0050-06-01T00:00:00.000Z')], // not 1950: Date.UTC's two-digit years
  ])('%s is UTC unless it says otherwise', (s, ms) => {
    expect(toEpochMs(s)).toBe(ms);
  });

  it('does not depend on the machine zone for zone-less date-times', () => {
    // Date.parse would read this in the local zone; we read it as UTC.
    expect(toEpochMs('2024-07-01T12:00:00')).toBe(Date.UTC(2024, 6, 1, 12));
  });

  it.each([
    'March 3', '03/01/2024', '2024/03/01', '2024-3-1', '20240301', '2024-03', '2024', '1709251200000',
    '2024-02-30', '2023-02-29', '2100-02-29', '2024-13-01', '2024-00-10', '2024-01-00', '2024-04-31',
    '2024-03-01T24:00:00Z', '2024-03-01T10:60Z', '2024-03-01T10:00:60Z', '2024-03-01T10Z',
    '2024-03-01T10:00+24:00', '2024-03-01T10:00+02:60', '2024-03-01T10:00:00.Z', ' 2024-03-01', '2024-03-01 ', '',
    '+002024-03-01', 'Fri, 01 Mar 2024 00:00:00 GMT',
  ])('refuses %j', (s) => {
    expect(toEpochMs(s)).toBeUndefined();
  });

  it('reads Date objects and refuses anything else', () => {
    expect(toEpochMs(new Date(Date.UTC(2024, 0, 1)))).toBe(Date.UTC(2024, 0, 1));
    expect(toEpochMs(new Date('nope'))).toBeUndefined();
    for (const v of [undefined, null, true, {}, [], ['2024-01-01'], Object.create(null), 10n]) expect(toEpochMs(v)).toBeUndefined();
  });

  it('DAY_MS is one day', () => {
    expect(DAY_MS).toBe(24 * 60 * 60 * 1000);
  });
});

describe('toEpochMs fast path for the toISOString shape', () => {
  it('agrees with Date.parse on random instants and with the general parser on edge cases', () => {
    let seed = 3;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 20_000; i++) {
      const t = Math.floor(-2e12 + rand() * 6e12);
      const iso = new Date(t).toISOString();
      expect(toEpochMs(iso)).toBe(t);
      expect(toEpochMs(iso.replace(/\.\d{3}Z$/, 'Z'))).toBe(Math.floor(t / 1000) * 1000);
    }
    for (const bad of ['2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-32T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T23:60:00Z', '2024-01-01T23:00:60Z', '2024-01-0xT00:00:00Z', '2024-01-01T00:00:00.12xZ']) {
      expect(toEpochMs(bad)).toBeUndefined();
    }
    expect(toEpochMs('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(toEpochMs('2000-02-29T00:00:00.000Z')).toBe(Date.UTC(2000, 1, 29));
    expect(toEpochMs('1900-02-29T00:00:00Z')).toBeUndefined();
    expect(toEpochMs('0099-12-31T00:00:00Z')).toBe(Date.UTC(2099, 11, 31) - 146_097 * 86_400_000 * 5);
  });

  it('is only a shortcut: wherever it answers, the general parser (all the browser bundles use) answers the same', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const shapes: string[] = ['2023-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z', '0099-12-31T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-0xT00:00:00Z'];
    for (let i = 0; i < 5_000; i++) {
      const iso = new Date(Math.floor(-6e13 + rand() * 1.2e14)).toISOString();
      shapes.push(iso, iso.replace(/\.\d{3}Z$/, 'Z'), iso.replace('T', 't'), iso.slice(0, 19) + '.1Z');
    }
    for (const s of shapes) {
      const fast = fastIso(s);
      if (fast !== undefined) expect(fast, s).toBe(parseIso(s));
      // A valid date of the shape it is for is never left to the general parser (from the year 100 on).
      else if (parseIso(s) !== undefined && /^[1-9]\d{3}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/.test(s)) expect.unreachable(`fastIso left ${s} to the general parser`);
    }
  });
});
