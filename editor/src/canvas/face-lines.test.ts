import { describe, expect, it } from 'vitest';
import { CLOSED_LINES, faceLines } from './face-lines.js';

describe('faceLines', () => {
  const rules = Array.from({ length: 12 }, (_, i) => `rule ${i + 1}: +${i} points`);
  it('shows the first lines and says how many more there are', () => {
    expect(faceLines(rules, false)).toEqual({ shown: rules.slice(0, CLOSED_LINES), toggle: '▾ 7 more' });
  });
  it('shows every line when open', () => {
    expect(faceLines(rules, true)).toEqual({ shown: rules, toggle: '▴ less' });
  });
  it('offers the full text of lines cut at the node\'s width', () => {
    const long = ['Pass if Budget (USD) ≥ 5000 and Job title contains "VP" or "Director"', 'else reject: no_budget'];
    expect(faceLines(long, false)).toEqual({ shown: long, toggle: '▾ in full' });
    expect(faceLines(['adds to fit'], false)).toEqual({ shown: ['adds to fit'], toggle: null });
  });
});
