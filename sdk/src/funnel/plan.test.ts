import { describe, expect, it } from 'vitest';
import type { Plan } from '@sluice/schemas';
import { backCalculate, formatPlan, loadPlan, withMeasuredRates } from './plan.js';

/** The example: 6 new customers a quarter. */
export const QUARTER_PLAN: Plan = {
  schemaVersion: 1,
  ruleSet: 'demo-flow',
  period: 'quarter',
  target: 6,
  stages: ['Lead', 'MQL', 'SQL', 'Meeting', 'Won'],
  steps: [
    { from: 'Lead', to: 'MQL', conversion: 0.15, days: 14 },
    { from: 'MQL', to: 'SQL', conversion: 0.4, days: 7 },
    { from: 'SQL', to: 'Meeting', conversion: 0.8, days: 5 },
    { from: 'Meeting', to: 'Won', conversion: 0.3, days: 45 },
  ],
};

describe('backCalculate', () => {
  it('works the target back, rounding up at every step (62.5 MQL → 63, then 63 / 0.15 = 420)', () => {
    const r = backCalculate(QUARTER_PLAN);
    expect(r.map((s) => [s.stage, s.required, s.perMonth])).toEqual([['Lead', 420, 140], ['MQL', 63, 21], ['SQL', 25, 9], ['Meeting', 20, 7], ['Won', 6, 2]]);
    expect(r.map((s) => s.daysFromStart)).toEqual([0, 14, 21, 26, 71]);
    expect(r[4]).toMatchObject({ conversion: null, days: null });
  });

  it('rounds the rounded value, not the exact one (rounding once at the end would give 417)', () => {
    // 6 / 0.3 = 20 (not 21: floating-point dust is not a lead); 20 / 0.8 = 25; 25 / 0.4 = 62.5 → 63; 63 / 0.15 = 420.
    const exact = 6 / 0.3 / 0.8 / 0.4 / 0.15;
    expect(Math.ceil(exact)).toBe(417);
    expect(backCalculate(QUARTER_PLAN)[0]?.required).toBe(420);
  });

  it('a monthly plan has per month equal to per period, each rounded up (2 a month needs 154 leads a month, not 140)', () => {
    expect(backCalculate({ ...QUARTER_PLAN, period: 'month', target: 2 }).map((s) => [s.required, s.perMonth])).toEqual([[154, 154], [23, 23], [9, 9], [7, 7], [2, 2]]);
  });
});

describe('loadPlan refuses bad plans, naming the field', () => {
  const bad = (over: Partial<Plan> | Record<string, unknown>, known?: string[]) => {
    const r = loadPlan({ ...QUARTER_PLAN, ...over }, known);
    return r.ok ? [] : r.errors;
  };

  it('accepts the example, and checks stages against the known ones when given', () => {
    expect(loadPlan(QUARTER_PLAN)).toEqual({ ok: true, plan: QUARTER_PLAN });
    expect(bad({}, ['Lead', 'MQL', 'SQL', 'Won'])).toEqual([{ path: '/stages/3', message: 'unknown stage "Meeting": not a stage of the rule set nor a CRM stage (Lead, MQL, SQL, Won)' }]);
  });

  it('rates outside (0, 1]', () => {
    const steps = QUARTER_PLAN.steps.map((s, i) => (i === 1 ? { ...s, conversion: 1.5 } : i === 2 ? { ...s, conversion: 0 } : i === 3 ? { ...s, conversion: -0.1 } : s));
    expect(bad({ steps })).toEqual([
      { path: '/steps/1/conversion', message: 'must be <= 1' },
      { path: '/steps/2/conversion', message: 'must be > 0' },
      { path: '/steps/3/conversion', message: 'must be > 0' },
    ]);
  });

  it('unknown stages, steps out of sequence, missing or doubled steps, a stage twice', () => {
    expect(bad({ steps: [...QUARTER_PLAN.steps.slice(0, 3), { from: 'Meeting', to: 'Closed', conversion: 0.3, days: 1 }] })).toEqual([
      { path: '/steps/3/to', message: 'unknown stage "Closed": not in /stages' },
      { path: '/steps', message: 'no step from "Meeting" to "Won"' },
    ]);
    expect(bad({ steps: [QUARTER_PLAN.steps[0], { from: 'MQL', to: 'Meeting', conversion: 0.5, days: 1 }, ...QUARTER_PLAN.steps.slice(2)] })).toEqual([
      { path: '/steps/1/to', message: 'must be "SQL", the stage after "MQL"' },
      { path: '/steps', message: 'no step from "MQL" to "SQL"' },
    ]);
    expect(bad({ steps: [...QUARTER_PLAN.steps, QUARTER_PLAN.steps[0]] })).toEqual([{ path: '/steps/4', message: 'a second step from "Lead"' }]);
    expect(bad({ stages: ['Lead', 'MQL', 'SQL', 'MQL', 'Won'] })[0]).toEqual({ path: '/stages/3', message: '"MQL" is already stage 1: a stage appears once' });
  });

  it('the schema: target, period, missing fields, version', () => {
    expect(bad({ target: 0 })).toEqual([{ path: '/target', message: 'must be >= 1' }]);
    expect(bad({ period: 'week' })[0]?.path).toBe('/period');
    expect(loadPlan({ schemaVersion: 1 })).toMatchObject({ ok: false, errors: expect.arrayContaining([{ path: '/ruleSet', message: 'is required' }, { path: '/steps', message: 'is required' }]) });
    expect(loadPlan({ ...QUARTER_PLAN, schemaVersion: 9 })).toMatchObject({ ok: false, errors: [{ path: '/schemaVersion' }] });
  });
});

it('formatPlan prints a line per stage', () => {
  expect(formatPlan({ ...QUARTER_PLAN, name: 'FY26 Q1' }).split('\n')).toEqual([
    'FY26 Q1: 6 Won a quarter',
    '',
    'stage    per quarter  per month  to next  days  day',
    'Lead             420        140     15 %    14    0',
    'MQL               63         21     40 %     7   14',
    'SQL               25          9     80 %     5   21',
    'Meeting           20          7     30 %    45   26',
    'Won                6          2                  71',
  ]);
});

it('withMeasuredRates puts the measured figures in the plan, keeping steps with none (or 0) measured', () => {
  const { plan, kept } = withMeasuredRates(QUARTER_PLAN, [
    { stage: 'Lead', conversion: 0.6667, medianDaysToNext: 2.5 },
    { stage: 'MQL', conversion: 0, medianDaysToNext: null },
    { stage: 'SQL', conversion: 0.66666, medianDaysToNext: 8.5 },
  ]);
  expect(plan.steps.map((s) => [s.from, s.conversion, s.days])).toEqual([['Lead', 0.667, 2.5], ['MQL', 0.4, 7], ['SQL', 0.667, 8.5], ['Meeting', 0.3, 45]]);
  expect(kept).toEqual(['MQL', 'Meeting']);
  expect(loadPlan(plan).ok).toBe(true);
  // 6 wins at 30 % → 20 meetings; ÷ 0.667 → 30 SQL; ÷ 0.4 → 75 MQL; ÷ 0.667 → 113 leads.
  expect(backCalculate(plan).map((s) => s.required)).toEqual([113, 75, 30, 20, 6]);
});
