// The generator's own date formatting must be toISOString's, byte for byte: the generated
// leads (and every figure measured on them) depend on it. The rest of the generator is tested
// in test/examples/generator.test.ts.
import { describe, expect, it } from 'vitest';
import { iso } from './synthetic.js';

describe('iso', () => {
  it('formats as Date#toISOString does, milliseconds, leap days and century years included', () => {
    const cases = [0, 1, 999, 86_399_999, 86_400_000, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2000, 1, 29), Date.UTC(2100, 2, 1), Date.UTC(9999, 11, 31, 23, 59, 59, 999)];
    let x = 7;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      cases.push(Math.floor((x / 2147483648) * 4.1e12));
    }
    for (const ms of cases) expect(iso(ms)).toBe(new Date(ms).toISOString());
  });

  it('leaves dates outside 1970–9999, and fractions of a millisecond, to Date', () => {
    for (const ms of [-1, -86_400_001, Date.UTC(1969, 11, 31, 23, 59, 59), 253_402_300_800_000, 1.5]) expect(iso(ms)).toBe(new Date(ms).toISOString());
  });
});
