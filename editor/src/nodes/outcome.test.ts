import { describe, expect, it } from 'vitest';
import type { FlowNode } from '@sluice/schemas';
import { look } from './registry.js';
import { outcomeVariant } from './outcome.js';

describe('outcome colours', () => {
  it('say what the outcome does, not one red for all', () => {
    const sla = { within: 2, unit: 'businessDays', timeZone: 'UTC' } as const;
    expect(outcomeVariant({ stage: 'SQL', handoff: { team: 'ae', sla } }).name).toBe('handoff');
    expect(outcomeVariant({ stage: 'Nurture', nurture: { track: 'general' } }).name).toBe('nurture');
    expect(outcomeVariant({ stage: 'Recycled', recycle: { after: { months: 6 } } }).name).toBe('recycle');
    expect(outcomeVariant({ stage: 'Rejected' }).name).toBe('reject');
    expect(outcomeVariant({ stage: 'MQL' }).name).toBe('stage');
    const accents = new Set(['SQL', 'Nurture', 'Recycled', 'Rejected'].map((stage, i) =>
      outcomeVariant([{ stage, handoff: { sla } }, { stage, nurture: { track: 'g' } }, { stage, recycle: { after: { months: 1 } } }, { stage }][i] as never).accent));
    expect(accents.size).toBe(4);
  });
  it('name the variant on the node face; other kinds keep their own colour', () => {
    const n = { id: 'o', kind: 'outcome', config: { stage: 'Nurture', nurture: { track: 'g' } } } as FlowNode;
    expect(look(n)).toEqual({ title: 'Outcome · nurture', accent: '#0284c7' });
    const g = { id: 'g', kind: 'gate', config: { condition: { all: [] }, reason: 'x' } } as unknown as FlowNode;
    expect(look(g).title).toBe('Gate');
  });
});
