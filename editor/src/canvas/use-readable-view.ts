import { useCallback } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useEditorStore } from '../store/provider.js';
import { measuredSizes } from './add-node.js';
import { openingView } from './opening-view.js';
import { nodeRects } from './placement.js';

/**
 * A function that moves the view to where a flow opens readable (opening-view.ts): on first
 * showing a flow, and after an automatic layout.
 *
 * @example
 * const readable = useReadableView();
 * <ReactFlow onInit={() => requestAnimationFrame(() => readable())} />
 */
export function useReadableView(): (duration?: number) => void {
  const store = useEditorStore();
  const rf = useReactFlow();
  const xy = useStoreApi();
  return useCallback(
    (duration = 0) => {
      const flow = store.getState().history.present;
      const sizes = measuredSizes(rf.getNodes());
      const rects = nodeRects(flow.nodes, sizes);
      const i = flow.nodes.findIndex((n) => n.kind === 'start');
      const { width, height } = xy.getState();
      void rf.setViewport(openingView(rects, i >= 0 ? rects[i] : undefined, { width, height }), { duration });
    },
    [store, rf, xy],
  );
}
