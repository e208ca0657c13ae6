import { Controls, MiniMap } from '@xyflow/react';
import { look } from '../nodes/registry.js';
import type { XyNode } from './project.js';

const nodeColor = (n: unknown) => look((n as XyNode).data.node).accent;

/**
 * The map of the whole flow and the zoom buttons, drawn outside the canvas (in the palette's
 * column): inside the canvas they sat on top of the drawing and hid the nodes under their
 * corners. Drag in the map to move the view; it folds away.
 */
export function FlowMap() {
  return (
    <div className="flow-map">
      <Controls orientation="horizontal" position="bottom-left" aria-label="Zoom" />
      <details open data-testid="flow-map">
        <summary>Map</summary>
        <MiniMap pannable zoomable position="bottom-left" ariaLabel="Map of the flow" style={{ width: 134, height: 110 }} nodeStrokeWidth={3} nodeColor={nodeColor} />
      </details>
    </div>
  );
}
