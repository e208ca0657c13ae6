// Bringing a node into view by its position in the flow. fitView needs the node's measured
// size, and a node xyflow never rendered (off screen, with onlyRenderVisibleElements) has
// none, so fitView does nothing for exactly the nodes one most needs to be shown.
import type { Flow } from '@sluice/schemas';
import { DEFAULT_NODE_SIZE, type Rect } from './placement.js';

interface Viewer {
  getNode: (id: string) => { measured?: { width?: number; height?: number } } | undefined;
  getZoom: () => number;
  setCenter: (x: number, y: number, o?: { zoom?: number; duration?: number }) => Promise<boolean>;
}

/** Centres a node in the view at a zoom where it can be read (at least 0.8). */
export function showNode(rf: Viewer, flow: Flow, id: string): void {
  const n = flow.nodes.find((x) => x.id === id);
  if (!n) return;
  const p = n.position ?? { x: 0, y: 0 };
  const m = rf.getNode(id)?.measured;
  const w = m?.width ?? DEFAULT_NODE_SIZE.width;
  const h = m?.height ?? DEFAULT_NODE_SIZE.height;
  void rf.setCenter(p.x + w / 2, p.y + h / 2, { zoom: Math.min(1.2, Math.max(rf.getZoom(), 0.8)), duration: 200 });
}

/** Moves the view to a box of the flow when part of it is out of view; the zoom stays. */
export function revealBox(rf: Viewer & { getViewport: () => { x: number; y: number; zoom: number } }, box: Rect, pane: { width: number; height: number }): void {
  const { x, y, zoom } = rf.getViewport();
  const el = pane;
  const left = box.x * zoom + x;
  const top = box.y * zoom + y;
  if (left >= 0 && top >= 0 && left + box.width * zoom <= el.width && top + box.height * zoom <= el.height) return;
  void rf.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom, duration: 200 });
}
