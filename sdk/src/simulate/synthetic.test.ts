// The generator's own date formatting must be toISOString's, byte for byte: the generated
// leads (and every figure measured on them) depend on it. The rest of the generator is tested
// in test/examples/generator.test.ts.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iso, iterateLeads, LEAD_BLOCK } from './synthetic.js';

const lines = (opts: Parameters<typeof iterateLeads>[0]) => [...iterateLeads(opts)].map((l) => JSON.stringify(l));

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

describe('iterateLeads in blocks', () => {
  it('starts anywhere: from n gives the tail of a run from 0, across block boundaries', () => {
    const count = LEAD_BLOCK + 30;
    const all = lines({ count, seed: 9 });
    for (const from of [LEAD_BLOCK - 20, LEAD_BLOCK, LEAD_BLOCK + 7]) expect(lines({ count, seed: 9, from })).toEqual(all.slice(from));
    expect(lines({ count, seed: 9, from: count })).toEqual([]);
  }, 60_000);

  it('keeps the first block as one stream gave it: the seed-42 leads the docs and tests count', () => {
    const h = createHash('sha256');
    for (const l of lines({ count: LEAD_BLOCK, seed: 42 })) h.update(`${l}\n`);
    expect(h.digest('hex')).toBe('3f0a5faad04689b458e2d5be901745b193e371374fe90d0c59a57cf4b8fcad0a');
  }, 60_000);

  it('draws each block from its own stream', () => {
    const second = lines({ count: LEAD_BLOCK + 50, seed: 42, from: LEAD_BLOCK }).map((l) => l.replace(/lead-\d+|acct-\d+/g, ''));
    const first = lines({ count: 50, seed: 42 }).map((l) => l.replace(/lead-\d+|acct-\d+/g, ''));
    expect(second).not.toEqual(first);
    expect(lines({ count: LEAD_BLOCK + 50, seed: 43, from: LEAD_BLOCK })).not.toEqual(lines({ count: LEAD_BLOCK + 50, seed: 42, from: LEAD_BLOCK }));
  }, 60_000);
});
