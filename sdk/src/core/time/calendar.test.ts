import { describe, expect, it } from 'vitest';
import { addCalendar, toIso } from './calendar.js';

const add = (start: string, by: { months?: number; days?: number }) => toIso(addCalendar(Date.parse(start), by));

describe('toIso', () => {
  it('prints ISO-8601 UTC with milliseconds', () => {
    expect(toIso(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(toIso(Date.UTC(2024, 1, 29, 23, 59, 59, 7))).toBe('2024-02-29T23:59:59.007Z');
  });
});

describe('addCalendar', () => {
  it('adds months keeping the day and the time of day', () => {
    expect(add('2024-01-15T10:30:00.250Z', { months: 6 })).toBe('2024-07-15T10:30:00.250Z');
    expect(add('2024-11-15T10:30:00Z', { months: 3 })).toBe('2025-02-15T10:30:00.000Z');
    expect(add('2024-03-15T23:00:00Z', { months: 24 })).toBe('2026-03-15T23:00:00.000Z');
  });

  it('clamps to the last day of a shorter month, leap years included', () => {
    expect(add('2024-01-31T10:00:00Z', { months: 1 })).toBe('2024-02-29T10:00:00.000Z');
    expect(add('2023-01-31T10:00:00Z', { months: 1 })).toBe('2023-02-28T10:00:00.000Z');
    expect(add('2024-03-31T10:00:00Z', { months: 1 })).toBe('2024-04-30T10:00:00.000Z');
    expect(add('2024-08-31T10:00:00Z', { months: 6 })).toBe('2025-02-28T10:00:00.000Z');
    expect(add('2023-08-31T10:00:00Z', { months: 6 })).toBe('2024-02-29T10:00:00.000Z');
    expect(add('2024-02-29T10:00:00Z', { months: 12 })).toBe('2025-02-28T10:00:00.000Z');
    expect(add('2024-02-29T10:00:00Z', { months: 48 })).toBe('2028-02-29T10:00:00.000Z');
    // 1900 was not a leap year, 2000 was
    expect(add('1900-01-31T00:00:00Z', { months: 1 })).toBe('1900-02-28T00:00:00.000Z');
    expect(add('2000-01-31T00:00:00Z', { months: 1 })).toBe('2000-02-29T00:00:00.000Z');
  });

  it('does not carry the clamp into later months', () => {
    expect(add('2024-01-31T00:00:00Z', { months: 2 })).toBe('2024-03-31T00:00:00.000Z');
  });

  it('adds days after the months, as 24-hour UTC days', () => {
    expect(add('2024-01-31T10:00:00Z', { months: 1, days: 1 })).toBe('2024-03-01T10:00:00.000Z');
    expect(add('2023-01-31T10:00:00Z', { months: 1, days: 1 })).toBe('2023-03-01T10:00:00.000Z');
    expect(add('2024-02-28T10:00:00Z', { days: 1 })).toBe('2024-02-29T10:00:00.000Z');
    expect(add('2023-02-28T10:00:00Z', { days: 1 })).toBe('2023-03-01T10:00:00.000Z');
    expect(add('2024-12-31T10:00:00Z', { days: 1 })).toBe('2025-01-01T10:00:00.000Z');
    expect(add('2024-01-01T00:00:00Z', { days: 366 })).toBe('2025-01-01T00:00:00.000Z');
    // no DST in UTC: a day across the US change is still 24 hours
    expect(add('2024-03-09T12:00:00Z', { days: 2 })).toBe('2024-03-11T12:00:00.000Z');
  });

  it('returns the start unchanged when nothing is added', () => {
    expect(add('2024-05-31T08:00:00Z', {})).toBe('2024-05-31T08:00:00.000Z');
    expect(add('2024-05-31T08:00:00Z', { months: 0, days: 0 })).toBe('2024-05-31T08:00:00.000Z');
  });
});
