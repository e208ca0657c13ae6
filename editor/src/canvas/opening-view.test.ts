import { describe, expect, it } from 'vitest';
import { LEGIBLE_ZOOM, openingView } from './opening-view.js';
import type { Rect } from './placement.js';

const pane = { width: 770, height: 760 };
const node = (x: number, y: number): Rect => ({ x, y, width: 240, height: 110 });
/** Where a rect lands on screen under a viewport. */
const onScreen = (r: Rect, v: { x: number; y: number; zoom: number }) => ({ x: r.x * v.zoom + v.x, y: r.y * v.zoom + v.y, right: (r.x + r.width) * v.zoom + v.x, bottom: (r.y + r.height) * v.zoom + v.y });
const inView = (r: Rect, v: { x: number; y: number; zoom: number }) => {
  const s = onScreen(r, v);
  return s.x >= 0 && s.y >= 0 && s.right <= pane.width && s.bottom <= pane.height;
};

describe('openingView', () => {
  it('fits a small flow whole, centred, never blown up past 1', () => {
    const nodes = [node(0, 0), node(0, 200)];
    const v = openingView(nodes, nodes[0], pane);
    expect(v.zoom).toBe(1);
    for (const n of nodes) expect(inView(n, v)).toBe(true);
    expect(onScreen(nodes[0]!, v).x).toBeCloseTo((770 - 240) / 2);
  });
  it('opens a tall waterfall at the zoom that fits its width, start node at the top', () => {
    const nodes = [node(0, 0), ...Array.from({ length: 12 }, (_, i) => node(i % 2 ? -300 : 200, 200 * (i + 1)))];
    const v = openingView(nodes, nodes[0], pane);
    expect(v.zoom).toBeGreaterThanOrEqual(LEGIBLE_ZOOM);
    expect(v.zoom).toBeCloseTo((770 - 64) / 740);
    expect(onScreen(nodes[0]!, v).y).toBe(32);
    expect(inView(nodes[0]!, v)).toBe(true);
  });
  it('opens a wide and tall flow at a legible zoom with the start node in view, towards the top left', () => {
    // 3000 wide, start in the middle of the top row: fitting would give about 0.24.
    const nodes = [node(0, 0), node(-1500, 300), node(1500, 300), node(0, 2500)];
    const v = openingView(nodes, nodes[0], pane);
    expect(v.zoom).toBe(LEGIBLE_ZOOM);
    expect(inView(nodes[0]!, v)).toBe(true);
    const s = onScreen(nodes[0]!, v);
    expect(s.y).toBe(32);
    // Towards the left: moved right of the margin only by a third of the pane, to show some of the left branch.
    expect(s.x).toBeCloseTo(32 + 770 / 3);
    // A start node that is the leftmost node sits at the left margin.
    const v2 = openingView([node(0, 0), node(3000, 3000)], node(0, 0), pane);
    expect(onScreen(node(0, 0), v2)).toMatchObject({ x: 32, y: 32 });
  });
  it('never opens below the legible zoom, however large the flow', () => {
    const nodes = Array.from({ length: 300 }, (_, i) => node((i % 20) * 300, Math.floor(i / 20) * 200));
    expect(openingView(nodes, nodes[0], pane).zoom).toBe(LEGIBLE_ZOOM);
    expect(openingView([], undefined, pane)).toEqual({ x: 0, y: 0, zoom: 1 });
  });
});
