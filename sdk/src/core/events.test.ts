import { describe, expect, it } from 'vitest';
import { decayRate } from './events.js';
import { round2 } from './util.js';

describe('decayRate', () => {
  it('gives the half-life decay: full at age 0, half after one half-life, a quarter after two', () => {
    for (const half of [7, 14, 30, 90, 365]) {
      const rate = decayRate(half);
      expect(Math.exp(0 * rate)).toBe(1);
      expect(Math.exp(half * rate)).toBeCloseTo(0.5, 14);
      expect(Math.exp(2 * half * rate)).toBeCloseTo(0.25, 14);
    }
  });

  it('matches 0.5^(age / half) once points are rounded to cents, exact half-lives included', () => {
    let compared = 0;
    for (const half of [1, 7, 14, 30, 45, 60, 90, 180, 365]) {
      const rate = decayRate(half);
      for (const points of [-5, 0.25, 1, 1.5, 3, 8, 30]) {
        for (let age = 0; age <= 4 * half; age += half / 8) {
          expect(round2(points * Math.exp(age * rate))).toBe(round2(points * 0.5 ** (age / half)));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(2000);
  });
});
