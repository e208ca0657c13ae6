import { describe, expect, it } from 'vitest';
import { DEFAULT_CHOICE, defaultNow, formatOf, rememberChoice, rememberedChoice, rememberedMapping, toSource } from './choice.js';
import { GENERATED_NOW } from './datasets.js';

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

const ctx = { ruleSetId: 'waterfall-6-layer-2', key: 'sk', nonce: 3, fields: [] };

describe('the data-set choice', () => {
  it('remembers the choice and the CSV mapping per rule set, not across rule sets', () => {
    const s = memoryStorage();
    expect(rememberedChoice(s, 'a')).toEqual(DEFAULT_CHOICE);
    rememberChoice(s, 'a', { kind: 'upload', file: new File(['x'], 'x.csv'), format: 'csv', mapping: { 'Job Title': 'lead.title', Notes: '-' } });
    expect(rememberedChoice(s, 'a')).toEqual({ kind: 'upload', file: null, format: 'csv', mapping: { 'Job Title': 'lead.title', Notes: '-' } });
    expect(rememberedMapping(s, 'b')).toEqual({});
    rememberChoice(s, 'b', { kind: 'generated', count: 50_000, seed: 7 });
    expect(rememberedChoice(s, 'b')).toEqual({ kind: 'generated', count: 50_000, seed: 7 });
    s.setItem('sluice.simulate.c', '{broken');
    s.setItem('sluice.simulate.mapping.c', '[1]');
    expect(rememberedChoice(s, 'c')).toEqual(DEFAULT_CHOICE);
    expect(rememberedMapping(s, 'c')).toEqual({});
  });
  it('turns a choice into a worker source, or says what is missing', () => {
    expect(toSource({ kind: 'generated', count: 1000, seed: 7 }, ctx)).toEqual({ kind: 'generated', count: 1000, seed: 7 });
    expect(toSource({ kind: 'generated', count: 200_000, seed: 7 }, ctx)).toBe('Pick a size from 1 to 100,000.');
    expect(toSource({ kind: 'upload', file: null, format: 'csv', mapping: {} }, ctx)).toBe('Choose an NDJSON or CSV file first.');
    expect(toSource({ kind: 'stored', limit: 10 }, ctx)).toEqual({ kind: 'stored', key: 'sk', limit: 10, nonce: 3 });
  });
  it('guesses the format from the file name and suggests a now', () => {
    expect(formatOf('export.CSV')).toBe('csv');
    expect(formatOf('leads.ndjson')).toBe('ndjson');
    expect(defaultNow({ kind: 'generated', count: 1, seed: 1 }, new Date('2026-01-02T03:04:05Z'))).toBe(GENERATED_NOW);
    expect(defaultNow({ kind: 'stored', limit: 1 }, new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:00Z');
  });
});
