import { describe, expect, it } from 'vitest';
import { formatWall, toInstant, wallAt, zoneFormat } from './zone.js';

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();
const zone = (z: string) => {
  const f = zoneFormat(z);
  if (!f) throw new Error(`no zone ${z}`);
  return f;
};
// the instant a local wall time (written without zone) resolves to, as ISO UTC
const at = (z: string, wall: string) => iso(toInstant(zone(z), ms(wall + 'Z')));

describe('zoneFormat', () => {
  it('returns one cached formatter per zone, and undefined for an unknown zone', () => {
    expect(zoneFormat('Asia/Tokyo')).toBe(zoneFormat('Asia/Tokyo'));
    expect(zoneFormat('Mars/Olympus')).toBeUndefined();
    expect(zoneFormat('')).toBeUndefined();
  });
});

describe('wallAt', () => {
  it('reads the wall time east and west of UTC, midnight as 00:00', () => {
    expect(iso(wallAt(zone('Asia/Tokyo'), ms('2024-01-01T15:00:00Z')))).toBe('2024-01-02T00:00:00.000Z');
    expect(iso(wallAt(zone('America/Los_Angeles'), ms('2024-01-01T07:59:59.999Z')))).toBe('2023-12-31T23:59:59.000Z');
    expect(iso(wallAt(zone('Asia/Kolkata'), ms('2024-06-01T00:00:00Z')))).toBe('2024-06-01T05:30:00.000Z');
  });
});

describe('wallAt with its offset cache (servers) and formatWall (what the browser bundles call)', () => {
  it('agree on random instants since 1970 and around transitions, odd offsets included', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Santiago', 'Pacific/Apia', 'Africa/Monrovia'];
    for (const z of zones) {
      const f = zone(z);
      const ts = [ms('2024-03-10T07:00:00Z') - 1, ms('2024-03-10T07:00:00Z'), ms('2024-11-03T06:00:00Z') - 1, ms('2024-11-03T06:00:00Z'), -1, 0];
      for (let i = 0; i < 400; i++) ts.push(Math.floor(rand() * 2.2e12));
      for (const t of ts) expect(wallAt(f, t), `${z} ${iso(t)}`).toBe(formatWall(f, Math.floor(t / 1e3) * 1e3));
    }
  });
});

describe('toInstant', () => {
  it('converts ordinary wall times with the offset in force', () => {
    expect(at('America/New_York', '2024-01-15T09:00:00')).toBe('2024-01-15T14:00:00.000Z');
    expect(at('America/New_York', '2024-07-15T09:00:00')).toBe('2024-07-15T13:00:00.000Z');
    expect(at('Australia/Sydney', '2024-01-15T09:00:00')).toBe('2024-01-14T22:00:00.000Z');
    expect(at('Australia/Sydney', '2024-07-15T09:00:00')).toBe('2024-07-14T23:00:00.000Z');
    expect(at('UTC', '2024-07-15T09:00:00')).toBe('2024-07-15T09:00:00.000Z');
  });

  it('uses the right offset on both sides of a transition on the same day', () => {
    expect(at('America/New_York', '2024-03-10T01:59:00')).toBe('2024-03-10T06:59:00.000Z');
    expect(at('America/New_York', '2024-03-10T03:00:00')).toBe('2024-03-10T07:00:00.000Z');
    expect(at('America/New_York', '2024-11-03T00:59:00')).toBe('2024-11-03T04:59:00.000Z');
    expect(at('America/New_York', '2024-11-03T02:00:00')).toBe('2024-11-03T07:00:00.000Z');
  });

  it('maps a wall time in a spring-forward gap to the moment the clocks jump', () => {
    expect(at('America/New_York', '2024-03-10T02:00:00')).toBe('2024-03-10T07:00:00.000Z');
    expect(at('America/New_York', '2024-03-10T02:30:00')).toBe('2024-03-10T07:00:00.000Z');
    expect(at('Europe/Berlin', '2024-03-31T02:30:00')).toBe('2024-03-31T01:00:00.000Z');
    expect(at('Australia/Sydney', '2024-10-06T02:30:00')).toBe('2024-10-05T16:00:00.000Z');
    // a gap at midnight: Chile skips 00:00-01:00
    expect(at('America/Santiago', '2024-09-08T00:00:00')).toBe('2024-09-08T04:00:00.000Z');
    // a half-hour DST shift
    expect(at('Australia/Lord_Howe', '2024-10-06T02:10:00')).toBe('2024-10-05T15:30:00.000Z');
    // a whole skipped day: Samoa went from 29 to 31 December 2011
    expect(at('Pacific/Apia', '2011-12-30T12:00:00')).toBe('2011-12-30T10:00:00.000Z');
  });

  it('maps a wall time repeated by a fall-back to the earlier instant', () => {
    expect(at('America/New_York', '2024-11-03T01:30:00')).toBe('2024-11-03T05:30:00.000Z');
    expect(at('Europe/Berlin', '2024-10-27T02:30:00')).toBe('2024-10-27T00:30:00.000Z');
    expect(at('Australia/Sydney', '2024-04-07T02:30:00')).toBe('2024-04-06T15:30:00.000Z');
  });
});

describe('wallAt offset cache', () => {
  it('agrees with formatting every instant, across zones and their transitions', () => {
    const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia', 'America/St_Johns', 'Asia/Tokyo', 'America/Santiago', 'Africa/Casablanca'];
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const zone of zones) {
      const f = zoneFormat(zone)!;
      const plain = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
      for (let i = 0; i < 3000; i++) {
        const t = Math.floor(Date.UTC(1971, 0, 1) + rand() * (Date.UTC(2040, 0, 1) - Date.UTC(1971, 0, 1)));
        const p = plain.format(t).match(/\d+/g)!.map(Number);
        expect(wallAt(f, t)).toBe(Date.UTC(p[2]!, p[0]! - 1, p[1]!, p[3]!, p[4]!, p[5]!));
      }
    }
  });
});
