import { describe, expect, it } from 'vitest';
import type { Case } from '@sluice/schemas';
import { casesFile, freshCaseName } from './cases.js';

const c = (name: string): Case => ({ name, input: { lead: {}, events: [] }, now: '2025-01-01T00:00:00Z', expect: {} });

describe('freshCaseName', () => {
  it('keeps a free name and numbers a taken one past every number in use', () => {
    expect(freshCaseName('VP with budget', [])).toBe('VP with budget');
    expect(freshCaseName('VP with budget', ['VP with budget'])).toBe('VP with budget (2)');
    expect(freshCaseName('VP with budget (2)', ['VP with budget', 'VP with budget (2)'])).toBe('VP with budget (3)');
  });
  it('names an empty base', () => {
    expect(freshCaseName('  ', [])).toBe('New case');
  });
});

describe('casesFile', () => {
  it('keeps a saved case beside a bundled one of another name, and a saved case of the same name replaces it', () => {
    const bundled = { schemaVersion: 1 as const, ruleSet: 'x', cases: [c('a'), c('b')] };
    expect(casesFile('x', bundled, [c('a (2)')]).cases.map((x) => x.name)).toEqual(['a', 'b', 'a (2)']);
    expect(casesFile('x', bundled, [c('a')]).cases.map((x) => x.name)).toEqual(['b', 'a']);
  });
});
