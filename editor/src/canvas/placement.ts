// Where a new node goes: the free spot nearest to where it was asked for, so a dropped,
// added, duplicated or pasted node never lands on top of another one.
//
// The nearest free spot of a box among axis-aligned boxes has each coordinate either where it
// was asked for or flush against some box's edge (from any other spot it could slide closer
// until it touches one). So the candidates are those coordinates, nearest first.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A node's size before xyflow has measured it: the CSS width and a typical height. */
export const DEFAULT_NODE_SIZE = { width: 240, height: 110 } as const;

/** Room kept between a placed node and its neighbours, in flow pixels. */
export const GAP = 24;

// Coordinates tried per axis, nearest first; the fallback beside everything always fits.
const PER_AXIS = 48;

function overlaps(a: Rect, b: Rect, gap: number): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

function nearest(values: Iterable<number>, to: number): number[] {
  return [...new Set(values)].sort((a, b) => Math.abs(a - to) - Math.abs(b - to)).slice(0, PER_AXIS);
}

/**
 * The top-left corner nearest to `want` where a box of `size` overlaps none of `taken`
 * (keeping `gap` between them).
 *
 * @example
 * freeSpot([{ x: 0, y: 0, width: 240, height: 110 }], { x: 10, y: 10 }, { width: 240, height: 110 })
 * // { x: 10, y: 134 }: just below the node it would have covered
 */
export function freeSpot(taken: readonly Rect[], want: { x: number; y: number }, size: { width: number; height: number }, gap = GAP): { x: number; y: number } {
  const fits = (x: number, y: number) => !taken.some((r) => overlaps({ x, y, ...size }, r, gap));
  if (fits(want.x, want.y)) return { x: want.x, y: want.y };
  const xs = nearest([want.x, ...taken.flatMap((r) => [r.x + r.width + gap, r.x - size.width - gap])], want.x);
  const ys = nearest([want.y, ...taken.flatMap((r) => [r.y + r.height + gap, r.y - size.height - gap])], want.y);
  let best: { x: number; y: number } | null = null;
  let bestD = Infinity;
  for (const x of xs) {
    const dx = (x - want.x) ** 2;
    if (dx >= bestD) continue;
    for (const y of ys) {
      const d = dx + (y - want.y) ** 2;
      if (d < bestD && fits(x, y)) {
        best = { x, y };
        bestD = d;
      }
    }
  }
  if (best) return best;
  // Crowded all round: beside everything, at the height asked for.
  return { x: Math.max(...taken.map((r) => r.x + r.width)) + gap, y: want.y };
}

/** The box around a group of boxes. */
export function bounds(rects: readonly Rect[]): Rect {
  if (rects.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  return { x, y, width: Math.max(...rects.map((r) => r.x + r.width)) - x, height: Math.max(...rects.map((r) => r.y + r.height)) - y };
}

/**
 * How far to move a group of new boxes (a paste, a duplicate) so that, kept together, they
 * overlap none of `taken`; `offset` is the move asked for (pastes step down and right).
 *
 * @example
 * const d = groupOffset(existingRects, copiedRects, { x: 40, y: 40 });
 */
export function groupOffset(taken: readonly Rect[], group: readonly Rect[], offset: { x: number; y: number }, gap = GAP): { x: number; y: number } {
  const box = bounds(group);
  const spot = freeSpot(taken, { x: box.x + offset.x, y: box.y + offset.y }, box, gap);
  return { x: spot.x - box.x, y: spot.y - box.y };
}

/** The boxes of a flow's nodes: measured sizes where xyflow has them, else the default. */
export function nodeRects(
  nodes: readonly { id: string; position?: { x: number; y: number } | undefined }[],
  sizes: ReadonlyMap<string, { width: number; height: number }> = new Map(),
): Rect[] {
  return nodes.map((n) => ({ ...(n.position ?? { x: 0, y: 0 }), ...(sizes.get(n.id) ?? DEFAULT_NODE_SIZE) }));
}
