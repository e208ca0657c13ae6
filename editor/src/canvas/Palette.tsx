import { useRef, type KeyboardEvent } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import type { NodeKind } from '@sluice/schemas';
import { KINDS, specOf } from '../nodes/registry.js';
import { useEditor, useEditorStore } from '../store/provider.js';
import { addNodeAt, measuredSizes, middleOfView } from './add-node.js';
import { FlowMap } from './FlowMap.js';
import { DEFAULT_NODE_SIZE } from './placement.js';
import './palette.css';

import { PALETTE_MIME } from './Canvas.js';
const ADDABLE = KINDS.filter((k) => k !== 'start');

/**
 * Node kinds to add: drag one onto the canvas, or click it (Enter or Space on the focused one)
 * to add it in the middle of the view. The arrow keys move between kinds, Tab leaves the list.
 * Below it, the map of the whole flow: here it never covers a node of the drawing.
 */
export function Palette() {
  const store = useEditorStore();
  const rf = useReactFlow();
  const xy = useStoreApi();
  const list = useRef<HTMLDivElement>(null);
  // A published version shown read only takes no new nodes; its map stays.
  const readOnly = useEditor((s) => s.meta.readOnlyVersion);

  const add = (kind: NodeKind) => {
    const view = xy.getState();
    const placed = addNodeAt(store, kind, middleOfView(view), measuredSizes(rf.getNodes()));
    // Crowded round the middle: the free spot may be off screen, so bring it into view.
    const [tx, ty, zoom] = view.transform;
    const sx = placed.x * zoom + tx;
    const sy = placed.y * zoom + ty;
    if (sx < 0 || sy < 0 || sx + DEFAULT_NODE_SIZE.width * zoom > view.width || sy + DEFAULT_NODE_SIZE.height * zoom > view.height) {
      void rf.setCenter(placed.x + DEFAULT_NODE_SIZE.width / 2, placed.y + DEFAULT_NODE_SIZE.height / 2, { zoom, duration: 200 });
    }
  };
  // One tab stop for the whole list (roving tabindex): arrows move, Home/End jump.
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const to = { ArrowDown: i + 1, ArrowRight: i + 1, ArrowUp: i - 1, ArrowLeft: i - 1, Home: 0, End: ADDABLE.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const items = list.current?.querySelectorAll<HTMLButtonElement>('.palette-item');
    if (!items) return;
    const next = items[(to + ADDABLE.length) % ADDABLE.length];
    items.forEach((b) => (b.tabIndex = b === next ? 0 : -1));
    next?.focus();
  };

  return (
    <aside className="palette" aria-label="Node kinds">
      <h3 id="palette-title">Nodes</h3>
      {readOnly !== undefined ? <p className="muted small" data-testid="palette-read-only">Version {readOnly} is read only: nothing can be added.</p> : <>
      <div ref={list} role="toolbar" aria-orientation="vertical" aria-labelledby="palette-title">
        {ADDABLE.map((k, i) => {
          const s = specOf(k);
          return (
            <button
              type="button"
              key={k}
              className="palette-item"
              draggable
              tabIndex={i === 0 ? 0 : -1}
              data-testid={`palette-${k}`}
              aria-label={`Add ${s.title.toLowerCase()} node`}
              aria-describedby={`palette-hint-${k}`}
              style={{ ['--accent' as string]: s.accent }}
              title={`${s.hint}. Click or press Enter to add one in view; or drag it onto the canvas.`}
              onClick={() => add(k)}
              onKeyDown={(e) => onKeyDown(e, i)}
              onDragStart={(e) => {
                e.dataTransfer.setData(PALETTE_MIME, k);
                e.dataTransfer.effectAllowed = 'move';
              }}
            >
              <b>{s.title}</b>
              <small id={`palette-hint-${k}`}>{s.hint}</small>
            </button>
          );
        })}
      </div>
      <p className="muted small">Click or drag onto the canvas. Shift+L lays out, Shift+F fits.</p>
      </>}
      <FlowMap />
    </aside>
  );
}
