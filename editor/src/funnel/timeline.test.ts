import { describe, expect, it } from 'vitest';
import { monthsOf, publishMarkers } from './timeline.js';

describe('the chart over time', () => {
  it('has every month of the range, with entries or not', () => {
    expect(monthsOf('2025-04-01T00:00:00.000Z', '2025-07-01T00:00:00.000Z').map((m) => m.key)).toEqual(['2025-04', '2025-05', '2025-06']);
    expect(monthsOf('2025-11-15T00:00:00.000Z', '2026-02-01T00:00:00.000Z').map((m) => m.key)).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(monthsOf('2025-04-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z')).toEqual([]);
  });

  it('places each version published in the range on its month, and lists those with no recorded time', () => {
    const range = { from: '2025-04-01T00:00:00.000Z', to: '2025-07-01T00:00:00.000Z' };
    const months = monthsOf(range.from, range.to);
    const r = publishMarkers({ ...range, published: [
      { version: 1, publishedAt: null },
      { version: 2, publishedAt: '2025-03-20T10:00:00.000Z' }, // before the range: not drawn
      { version: 3, publishedAt: '2025-05-16T12:00:00.000Z' },
      { version: 4, publishedAt: '2025-07-01T00:00:00.000Z' }, // the range's end is exclusive
    ] }, months);
    expect(r.unknown).toEqual([1]);
    expect(r.markers).toEqual([{ version: 3, publishedAt: '2025-05-16T12:00:00.000Z', month: 1, fraction: 15.5 / 31 }]);
  });
});
