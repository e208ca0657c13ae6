import { describe, expect, it } from 'vitest';
import { DAY, ev, NOW } from './expr.test-util.js';
import { FUNCTIONS } from './functions.js';

type Case = [src: string, want: unknown];

// Every function: typical use, edge cases, and what a value of the wrong type gives.
const CASES: Record<string, Case[]> = {
  lower: [
    ['lower("ACME Corp")', 'acme corp'],
    ['lower(lead.missing)', null],
    ['lower(12)', null],
  ],
  upper: [
    ['upper("us")', 'US'],
    ['upper(null)', null],
    ['upper(["a"])', null],
  ],
  trim: [
    ['trim("  a b \n")', 'a b'],
    ['trim(true)', null],
  ],
  len: [
    ['len("abc")', 3],
    ['len(lead.tags)', 2],
    ['len("")', 0],
    ['len(12)', null],
    ['len(null)', null],
    ['len(lead.company)', null],
  ],
  contains: [
    ['contains(lead.tags, "vip")', true],
    ['contains(lead.tags, "us")', false],
    ['contains(lead.email, "@acme")', true],
    ['contains([1, [2]], [2])', true],
    ['contains(null, "a")', false],
    ['contains("123", 2)', false],
  ],
  startsWith: [
    ['startsWith(lead.email, "ada@")', true],
    ['startsWith(lead.email, "bob@")', false],
    ['startsWith(lead.missing, "a")', null],
    ['startsWith("12", 1)', null],
  ],
  endsWith: [
    ['endsWith(lead.email, ".com")', true],
    ['endsWith(lead.email, ".edu")', false],
    ['endsWith(5, "5")', null],
  ],
  concat: [
    ['concat("Ada", " ", "L")', 'Ada L'],
    ['concat("n=", 2, ", ok=", true, null)', 'n=2, ok=true'],
    ['concat(null)', ''],
    ['concat("tags: ", lead.tags)', 'tags: ["vip","eu"]'],
  ],
  round: [
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(2.4)', 2],
    ['round(1.005, 2)', 1.01],
    ['round(2.345, 2)', 2.35],
    ['round(-0.004, 2)', 0],
    ['round(1234.5678, 3)', 1234.568],
    ['round(5, 0)', 5],
    ['round(1.5, 1.5)', null],
    ['round(1.5, -1)', null],
    ['round(1.5, 16)', null],
    ['round(1.5, null)', null],
    ['round("1.5")', null],
    ['round(null, 2)', null],
  ],
  floor: [
    ['floor(2.7)', 2],
    ['floor(-2.1)', -3],
    ['floor("2")', null],
  ],
  ceil: [
    ['ceil(2.1)', 3],
    ['ceil(-2.7)', -2],
    ['ceil(null)', null],
  ],
  abs: [
    ['abs(-3)', 3],
    ['abs(3)', 3],
    ['abs("-3")', null],
  ],
  min: [
    ['min(3, 1, 2)', 1],
    ['min([3, 1], 2)', 1],
    ['min(5)', 5],
    ['min(null, 4, lead.missing)', 4],
    ['min([])', null],
    ['min(null)', null],
    ['min(1, "0")', null],
  ],
  max: [
    ['max(3, 1, 2)', 3],
    ['max([3, 7], 2)', 7],
    ['max(-1, null)', -1],
    ['max(true, 1)', null],
  ],
  clamp: [
    ['clamp(120, 0, 100)', 100],
    ['clamp(-5, 0, 100)', 0],
    ['clamp(50, 0, 100)', 50],
    ['clamp(null, 0, 100)', null],
    ['clamp(5, "0", 100)', null],
  ],
  coalesce: [
    ['coalesce(lead.missing, lead.name)', 'Ada Lovelace'],
    ['coalesce(null, 0, 1)', 0],
    ['coalesce(lead.empty, "x")', ''],
    ['coalesce(null, lead.missing)', null],
  ],
  number: [
    ['number("42")', 42],
    ['number(" -1.5e2 ")', -150],
    ['number(".5")', 0.5],
    ['number(7)', 7],
    ['number(true)', 1],
    ['number(false)', 0],
    ['number("")', null],
    ['number("  ")', null],
    ['number("0x10")', null],
    ['number("1,200")', null],
    ['number("Infinity")', null],
    ['number("1e999")', null],
    ['number("12abc")', null],
    ['number(null)', null],
    ['number([5])', null],
  ],
  string: [
    ['string(42)', '42'],
    ['string(0.5)', '0.5'],
    ['string(true)', 'true'],
    ['string("a")', 'a'],
    ['string(null)', null],
    ['string(lead.tags)', '["vip","eu"]'],
    ['string(lead.company)', '{"size":"L","industry":"saas"}'],
  ],
  date: [
    ['date("2024-01-02")', Date.UTC(2024, 0, 2)],
    ['date("2024-01-02T03:04:05Z")', Date.UTC(2024, 0, 2, 3, 4, 5)],
    ['date("2024-01-02T03:04:05.123Z")', Date.UTC(2024, 0, 2, 3, 4, 5, 123)],
    ['date("2024-01-02T03:04")', Date.UTC(2024, 0, 2, 3, 4)], // no offset: UTC, never the machine's zone
    ['date("2024-01-02T03:04:05+02:00")', Date.UTC(2024, 0, 2, 1, 4, 5)],
    ['date("2024-01-02 03:04:05-0130")', Date.UTC(2024, 0, 2, 4, 34, 5)],
    ['date(1704153600000)', 1704153600000],
    ['date("2024-02-30")', null],
    ['date("2024-13-01")', null],
    ['date("2024-01-01T25:00")', null],
    ['date("1709251200000")', null],
    ['date("01/02/2024")', null],
    ['date("yesterday")', null],
    ['date(true)', null],
    ['date(null)', null],
  ],
  daysSince: [
    ['daysSince("2024-01-01")', 30],
    ['daysSince(lead.createdAt)', 30],
    ['daysSince("2024-01-30T12:00:00Z")', 0.5],
    ['daysSince("2024-02-10")', -10],
    ['daysSince(now())', 0],
    ['daysSince(lead.missing)', null],
    ['daysSince("soon")', null],
  ],
  daysBetween: [
    ['daysBetween("2024-01-01", "2024-01-31")', 30],
    ['daysBetween("2024-01-31", "2024-01-01")', -30],
    ['daysBetween("2024-01-01", "2024-01-01T06:00:00Z")', 0.25],
    ['daysBetween(null, "2024-01-01")', null],
  ],
  addDays: [
    ['addDays("2024-01-01", 1)', Date.UTC(2024, 0, 2)],
    ['addDays(0, -1)', -DAY],
    ['addDays("2024-01-01", 0.5)', Date.UTC(2024, 0, 1, 12)],
    ['addDays("2024-01-01", "1")', null],
    ['addDays(null, 1)', null],
  ],
  now: [['now()', NOW]],
  count: [
    ['count(events)', 3],
    ['count([])', 0],
    ['count(lead.missing)', 0],
    ['count("abc")', 0],
  ],
  sum: [
    ['sum([1, 2, 3.5])', 6.5],
    ['sum(events, "points")', 13],
    ['sum([1, "2", null, true, 3])', 4],
    ['sum(lead.missing)', 0],
    ['sum(events, "props.x")', 0],
    ['sum([1], null)', null],
  ],
  some: [
    ['some(events, "type", "demo_request")', true],
    ['some(events, "type", "webinar")', false],
    ['some(events, "props.plan", "pro")', true],
    ['some(lead.missing, "type", "x")', false],
    ['some([null, 1], "type", null)', true],
    ['some(events, 1, "x")', null],
  ],
  countWhere: [
    ['countWhere(events, "type", "pricing_view")', 2],
    ['countWhere(events, "props.plan", "team")', 1],
    ['countWhere(events, "type", lead.missing)', 0],
    ['countWhere([[1], [2]], "0", 1)', 1],
    ['countWhere(null, "type", "x")', 0],
    ['countWhere(events, "__proto__", null)', 3],
  ],
  if: [
    ['if(lead.employees > 100, "big", "small")', 'big'],
    ['if(lead.missing, 1, 2)', 2],
    ['if(lead.tags, 1, 2)', 1],
    ['if([], 1, 2)', 2],
  ],
};

describe('functions', () => {
  it('has cases for every function of the table', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(FUNCTIONS).sort());
  });

  for (const [name, cases] of Object.entries(CASES))
    it.each(cases)(`${name}: %s → %j`, (src, want) => {
      expect(ev(src)).toEqual(want);
    });

  it('daysSince and now read ctx.nowMs, never the clock', () => {
    const later = NOW + 10 * DAY;
    expect(ev('now()', undefined, later)).toBe(later);
    expect(ev('daysSince("2024-01-01")', undefined, later)).toBe(40);
  });

  it('keep the list items they are given and do not copy them', () => {
    const scope = { vars: { list: [{ a: 1 }] } };
    expect((ev('if(true, vars.list, null)', scope) as unknown[])[0]).toBe(scope.vars.list[0]);
  });

  it('cut long string results', () => {
    const scope = { vars: { s: 'ab'.repeat(4000) } };
    expect((ev('concat(vars.s, vars.s, vars.s)', scope) as string).length).toBe(10_000);
    expect((ev('upper(vars.s + vars.s)', scope) as string).length).toBe(10_000);
  });

  it('handle long lists without spreading them onto the stack', () => {
    const list = Array.from({ length: 200_000 }, (_, i) => i);
    expect(ev('max(vars.l) + min(vars.l) + count(vars.l)', { vars: { l: list } })).toBe(199_999 + 0 + 200_000);
    expect(ev('sum(vars.l)', { vars: { l: list } })).toBe((199_999 * 200_000) / 2);
  });
});
