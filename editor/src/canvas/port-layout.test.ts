import { describe, expect, it } from 'vitest';
import { MIN_SLOT, NODE_WIDTH, portLayout } from './port-layout.js';

describe('portLayout', () => {
  it('spreads a few ports over the usual width', () => {
    const l = portLayout(['pass', 'reject']);
    expect(l.width).toBe(NODE_WIDTH);
    expect(l.slots.map((s) => s.centre)).toEqual([60, 180]);
    expect(portLayout(['next']).slots[0]).toMatchObject({ centre: 120 });
  });
  it('grows the node for many ports so that no two labels overlap', () => {
    const ports = ['hot', 'warm', 'cold', 'nurture', 'recycle', 'reject', 'partner', 'enterprise', 'smb', 'other'];
    const l = portLayout(ports);
    expect(l.width).toBe(ports.length * MIN_SLOT);
    for (let i = 1; i < l.slots.length; i++) {
      const a = l.slots[i - 1]!;
      const b = l.slots[i]!;
      // The widest each label may be, centred on its port: they never meet.
      expect(a.centre + a.maxLabel / 2).toBeLessThan(b.centre - b.maxLabel / 2);
    }
    expect(l.slots.every((s) => s.maxLabel >= MIN_SLOT - 6)).toBe(true);
    expect(l.slots.at(-1)!.centre + l.slots.at(-1)!.maxLabel / 2).toBeLessThanOrEqual(l.width);
  });
  it('has nothing to lay out for an outcome', () => {
    expect(portLayout([])).toEqual({ width: NODE_WIDTH, slots: [] });
  });
});
