import { describe, expect, it } from 'vitest';
import type { FunnelResponse, FunnelStage, Plan } from '@sluice/schemas';
import { compare, currentPeriod } from './compare.js';

const plan: Plan = {
  schemaVersion: 1, ruleSet: 'x', period: 'month', target: 2, stages: ['MQL', 'SQL', 'Won'],
  steps: [{ from: 'MQL', to: 'SQL', conversion: 0.5, days: 3 }, { from: 'SQL', to: 'Won', conversion: 0.5, days: 10 }],
};
const st = (stage: string, reached: number, conversion: number | null): FunnelStage => ({
  stage, planned: true, next: null, reached, recycled: 0, convertedToNext: null, conversion, medianDaysToNext: null,
});
const funnel = (stages: FunnelStage[]) => ({ stages }) as FunnelResponse;

describe('compare', () => {
  it('puts required and planned rates beside the measured ones, and marks the gaps', () => {
    const rows = compare(funnel([st('MQL', 10, 0.3), st('SQL', 3, 0.6), st('Won', 1, null), st('Nurture', 4, null)]), plan);
    expect(rows.map((r) => [r.stage, r.required, r.reached, r.planned, r.measured, r.gap])).toEqual([
      ['MQL', 8, 10, 0.5, 0.3, true], // enough leads, but converting below plan
      ['SQL', 4, 3, 0.5, 0.6, true], // converting well, but fewer than required
      ['Won', 2, 1, null, null, true],
      ['Nurture', null, 4, null, null, false],
    ]);
  });

  it('without a plan nothing is required and nothing is a gap', () => {
    expect(compare(funnel([st('MQL', 1, 0)]), null)).toMatchObject([{ required: null, gap: false }]);
  });
});

it('currentPeriod: first and last day, as the date inputs show them (GET /v1/funnel reads a plain `to` date as the end of that day)', () => {
  expect(currentPeriod(new Date('2025-05-20T12:00:00Z'), 'quarter')).toEqual({ from: '2025-04-01', to: '2025-06-30' });
  expect(currentPeriod(new Date('2025-12-31T23:00:00Z'), 'month')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  expect(currentPeriod(new Date('2024-02-10T00:00:00Z'), 'month')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
});
