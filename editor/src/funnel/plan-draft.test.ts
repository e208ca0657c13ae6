import { describe, expect, it } from 'vitest';
import type { Plan } from '@sluice/schemas';
import { planIssueText, setStep, shareOf } from './plan-draft.js';

const plan: Plan = {
  schemaVersion: 1, ruleSet: 'x', period: 'quarter', target: 6, stages: ['Lead', 'MQL', 'SQL'],
  steps: [{ from: 'Lead', to: 'MQL', conversion: 0.15, days: 14 }, { from: 'MQL', to: 'SQL', conversion: 0.4, days: 7 }],
};

describe('the plan draft form', () => {
  it('changes one step and leaves the plan it came from alone', () => {
    const next = setStep(plan, 1, 'conversion', 0.5);
    expect(next.steps.map((s) => s.conversion)).toEqual([0.15, 0.5]);
    expect(plan.steps[1]?.conversion).toBe(0.4);
    expect(setStep(plan, 0, 'days', 10).steps[0]).toEqual({ from: 'Lead', to: 'MQL', conversion: 0.15, days: 10 });
  });

  it('reads a typed percentage as a share, without floating-point dust', () => {
    expect(shareOf('37.5')).toBe(0.375);
    expect(shareOf('15')).toBe(0.15);
    expect(shareOf(' 7.1 ')).toBe(0.071);
    expect(shareOf('')).toBeNaN();
    expect(shareOf('abc')).toBeNaN();
  });

  it('names a problem by the step, stage or target it is about, in words', () => {
    expect(planIssueText(plan, { path: '/steps/1/conversion', message: 'must be <= 1' })).toBe('MQL → SQL conversion: must be <= 1 (a rate is between 0 % and 100 %)');
    expect(planIssueText(plan, { path: '/steps/0/days', message: 'must be >= 0' })).toBe('Lead → MQL days: must be >= 0');
    expect(planIssueText(plan, { path: '/stages/2', message: 'unknown stage "Demo"' })).toBe('Stage 3: unknown stage "Demo"');
    expect(planIssueText(plan, { path: '/target', message: 'must be >= 1' })).toBe('Target: must be >= 1');
    expect(planIssueText(plan, { path: '/steps/7/conversion', message: 'must be number' })).toBe('Step 8 conversion: must be number');
    expect(planIssueText(plan, { path: '/', message: 'must have required property \'period\'' })).toBe('must have required property \'period\'');
  });
});
