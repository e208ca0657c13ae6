import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { useEditor } from '../store/provider.js';

/**
 * An edge with a simulated count: a bezier like the default edge, its label an HTML button
 * (the default SVG label measures itself with getBBox, a forced layout per edge each time the
 * counts change; and a button can be clicked to list the leads).
 */
export const CountEdge = memo(function CountEdge(p: EdgeProps) {
  const pick = useEditor((s) => s.actions.pickSimulated);
  const [path, x, y] = getBezierPath({ sourceX: p.sourceX, sourceY: p.sourceY, sourcePosition: p.sourcePosition, targetX: p.targetX, targetY: p.targetY, targetPosition: p.targetPosition });
  return (
    <>
      <BaseEdge id={p.id} path={path} style={p.style} markerEnd={p.markerEnd} interactionWidth={p.interactionWidth} />
      {p.label && (
        <EdgeLabelRenderer>
          <button type="button" className={`count-label nodrag nopan ${p.data?.stale ? 'stale' : ''}`} style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
            onClick={() => pick('edge', p.id)} title="List these leads" data-testid={`count-${p.id}`}>
            {p.label}
          </button>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
