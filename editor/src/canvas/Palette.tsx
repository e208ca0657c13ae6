import { KINDS, specOf } from '../nodes/registry.js';
import { PALETTE_MIME } from './Canvas.js';

/** Node kinds to drag onto the canvas. */
export function Palette() {
  return (
    <aside className="palette" aria-label="Node kinds">
      <h3>Nodes</h3>
      {KINDS.filter((k) => k !== 'start').map((k) => {
        const s = specOf(k);
        return (
          <div
            key={k}
            className="palette-item"
            draggable
            data-testid={`palette-${k}`}
            style={{ ['--accent' as string]: s.accent }}
            title={s.hint}
            onDragStart={(e) => {
              e.dataTransfer.setData(PALETTE_MIME, k);
              e.dataTransfer.effectAllowed = 'move';
            }}
          >
            <b>{s.title}</b>
            <small>{s.hint}</small>
          </div>
        );
      })}
      <p className="muted small">Drag onto the canvas. Shift+L lays out, Shift+F fits.</p>
    </aside>
  );
}
