// How a flow opens: readable first, complete second. Fitting a 30-node waterfall into
// 770×760 pixels gives a zoom of 0.3, where node text is 3-4 pixels high; nobody reads that.
// So the whole flow is fitted only when that leaves text legible; otherwise the view opens at
// a legible zoom with the start node at the top, towards the left: where one starts reading.
import { bounds, type Rect } from './placement.js';

/** Below this zoom node text (11.5 px) is under 9 screen pixels: hard to read. */
export const LEGIBLE_ZOOM = 0.75;
/** Small flows are not blown up past their natural size. */
export const MAX_OPEN_ZOOM = 1;
/** Screen pixels kept free round the flow. */
const MARGIN = 32;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * The viewport a flow opens at in a pane of `pane` pixels.
 *
 * - Everything fits at a legible zoom: all of it, centred.
 * - Otherwise the zoom is the one that fits the flow's width, but never below
 *   {@link LEGIBLE_ZOOM}; the start node's top is at the top margin. Horizontally the flow is
 *   centred when its width fits; else the start node sits at the left, moved right only as far
 *   as a third of the pane to show some of what lies left of it.
 *
 * @example
 * openingView(nodeRects(flow.nodes), startRect, { width: 770, height: 760 })
 * // { x: …, y: 32, zoom: 0.92 } for a tall waterfall: its width fits, its top is in view
 */
export function openingView(nodes: readonly Rect[], start: Rect | undefined, pane: { width: number; height: number }): Viewport {
  if (nodes.length === 0 || pane.width <= 0 || pane.height <= 0) return { x: 0, y: 0, zoom: 1 };
  const b = bounds(nodes);
  const room = { width: Math.max(1, pane.width - 2 * MARGIN), height: Math.max(1, pane.height - 2 * MARGIN) };
  const fitAll = Math.min(room.width / Math.max(1, b.width), room.height / Math.max(1, b.height), MAX_OPEN_ZOOM);
  if (fitAll >= LEGIBLE_ZOOM) {
    return { x: (pane.width - b.width * fitAll) / 2 - b.x * fitAll, y: (pane.height - b.height * fitAll) / 2 - b.y * fitAll, zoom: fitAll };
  }
  const s = start ?? b;
  const zoom = Math.max(LEGIBLE_ZOOM, Math.min(room.width / Math.max(1, b.width), MAX_OPEN_ZOOM));
  const y = MARGIN - s.y * zoom;
  if (b.width * zoom <= room.width) return { x: (pane.width - b.width * zoom) / 2 - b.x * zoom, y, zoom };
  const left = Math.min((s.x - b.x) * zoom, pane.width / 3);
  return { x: MARGIN + left - s.x * zoom, y, zoom };
}
