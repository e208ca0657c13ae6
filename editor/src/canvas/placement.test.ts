import { describe, expect, it } from 'vitest';
import { DEFAULT_NODE_SIZE, GAP, bounds, freeSpot, groupOffset, nodeRects, type Rect } from './placement.js';

const size = { width: 240, height: 110 };
const clash = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('freeSpot', () => {
  it('keeps the spot asked for when it is free', () => {
    expect(freeSpot([{ x: 0, y: 0, ...size }], { x: 600, y: 0 }, size)).toEqual({ x: 600, y: 0 });
    expect(freeSpot([], { x: 3, y: 4 }, size)).toEqual({ x: 3, y: 4 });
  });
  it('moves to the nearest side of the node it would cover, keeping the gap', () => {
    // Asked a little below the node's top: the nearest way out is straight down.
    expect(freeSpot([{ x: 0, y: 0, ...size }], { x: 10, y: 60 }, size)).toEqual({ x: 10, y: 110 + GAP });
    // Asked mostly to the right: out to the right.
    expect(freeSpot([{ x: 0, y: 0, ...size }], { x: 200, y: 10 }, size)).toEqual({ x: 240 + GAP, y: 10 });
  });
  it('finds a hole between nodes and never overlaps one, even in a crowd', () => {
    // A 5×5 grid of nodes with one hole in the middle, big enough for one node.
    const taken: Rect[] = [];
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) if (!(i === 2 && j === 2)) taken.push({ x: i * 300, y: j * 170, ...size });
    const spot = freeSpot(taken, { x: 590, y: 290 }, size);
    expect(spot).toEqual({ x: 590, y: 280 + GAP });
    expect(taken.some((r) => clash({ ...spot, ...size }, r))).toBe(false);
    // Asked for in the middle of a node with no hole near: still somewhere free.
    const full = taken.concat({ x: 600, y: 340, ...size });
    const out = freeSpot(full, { x: 610, y: 350 }, size);
    expect(full.some((r) => clash({ ...out, ...size }, r))).toBe(false);
  });
  it('places many nodes one after another without any two overlapping', () => {
    const taken: Rect[] = [];
    for (let i = 0; i < 60; i++) taken.push({ ...freeSpot(taken, { x: 100, y: 100 }, size), ...size });
    for (let i = 0; i < taken.length; i++) for (let j = i + 1; j < taken.length; j++) expect(clash(taken[i]!, taken[j]!)).toBe(false);
    // The first stayed where asked; the rest crowd round it, not far away.
    expect(taken[0]).toMatchObject({ x: 100, y: 100 });
    expect(Math.max(...taken.map((r) => Math.hypot(r.x - 100, r.y - 100)))).toBeLessThan(1500);
  });
});

describe('groupOffset', () => {
  it('moves a pasted group clear of the nodes it was copied from, together', () => {
    const original = [{ x: 0, y: 0, ...size }, { x: 0, y: 200, ...size }];
    const d = groupOffset(original, original, { x: 40, y: 40 });
    const moved = original.map((r) => ({ ...r, x: r.x + d.x, y: r.y + d.y }));
    for (const m of moved) for (const o of original) expect(clash(m, o)).toBe(false);
    // Kept as a group: the two copies stay 200 apart.
    expect(moved[1]!.y - moved[0]!.y).toBe(200);
  });
  it('keeps the offset asked for when it is free', () => {
    expect(groupOffset([{ x: 0, y: 0, ...size }], [{ x: 1000, y: 0, ...size }], { x: 40, y: 40 })).toEqual({ x: 40, y: 40 });
  });
});

describe('nodeRects and bounds', () => {
  it('uses measured sizes, else the default', () => {
    const rects = nodeRects([{ id: 'a', position: { x: 5, y: 6 } }, { id: 'b' }], new Map([['a', { width: 300, height: 90 }]]));
    expect(rects).toEqual([{ x: 5, y: 6, width: 300, height: 90 }, { x: 0, y: 0, ...DEFAULT_NODE_SIZE }]);
    expect(bounds(rects)).toEqual({ x: 0, y: 0, width: 305, height: 110 });
  });
});
