// Cheap node faces when zoomed out (issue 16: wheel zoom with 300 nodes in view at 50 fps).
// Below FAR_ZOOM a node's text is a few pixels high and unreadable, yet painting the glyphs of
// 300 nodes was most of each zoom frame (the viewport's transform changes, so everything is
// repainted). The canvas then gets the class `zoom-far`, and zoom-tier.css hides the text and
// draws each node as a block in its kind's colour, like the minimap. Only crossing the
// threshold changes anything: the selector is a boolean, so nothing re-renders per frame.
import { useEffect } from 'react';
import { useStore, type ReactFlowState } from '@xyflow/react';
import './zoom-tier.css';

/** Zoom below which node text is not drawn (11.5 px text is under 5 px on screen). */
export const FAR_ZOOM = 0.45;

const isFar = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;
const rootOf = (s: ReactFlowState) => s.domNode;

/** Puts `zoom-far` on the React Flow root while zoomed out past FAR_ZOOM. Renders nothing. */
export function ZoomTier() {
  const far = useStore(isFar);
  const root = useStore(rootOf);
  useEffect(() => {
    root?.classList.toggle('zoom-far', far);
  }, [root, far]);
  return null;
}
