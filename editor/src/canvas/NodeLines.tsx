import { memo, useState } from 'react';
import { faceLines } from './face-lines.js';

/**
 * What a node does, on its face: the first lines, cut to the node's width, and a toggle that
 * shows all of them in full. The toggle is this node's own state, so opening one node
 * re-renders that node alone.
 */
export const NodeLines = memo(function NodeLines({ lines, nodeId }: { lines: readonly string[]; nodeId: string }) {
  const [open, setOpen] = useState(false);
  const face = faceLines(lines, open);
  return (
    <div className={`sl-body${open ? ' open' : ''}`}>
      {face.shown.map((l, i) => (
        <div className="sl-line" key={i} title={l}>{l}</div>
      ))}
      {face.toggle && (
        // nodrag: a click here opens the node's face and neither drags nor selects it.
        <button type="button" className="sl-more nodrag" aria-expanded={open} data-testid={`more-${nodeId}`}
          onClick={(e) => { e.stopPropagation(); setOpen(!open); }}>
          {face.toggle}
        </button>
      )}
    </div>
  );
});
