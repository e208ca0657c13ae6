import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../memory-storage.test-util.js';
import { createEditorStore } from '../store/editor-store.js';
import { blankFlow } from '../templates.js';
import { addNodeAt } from './add-node.js';
import { createCommands } from './commands.js';
import { DEFAULT_NODE_SIZE, nodeRects, type Rect } from './placement.js';

const clash = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
function noOverlaps(rects: Rect[]) {
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(clash(rects[i]!, rects[j]!), `${i} and ${j}`).toBe(false);
}

describe('new nodes overlap nothing', () => {
  it('duplicating and pasting again and again never stacks a node on another', () => {
    const store = createEditorStore(blankFlow('t'));
    const commands = createCommands(store, memoryStorage());
    store.getState().actions.select({ nodes: ['outcome1'], edges: [] });
    commands.copyText();
    for (let i = 0; i < 4; i++) commands.paste();
    for (let i = 0; i < 3; i++) {
      store.getState().actions.select({ nodes: ['start', 'outcome1'], edges: [] });
      commands.duplicate();
    }
    const flow = store.getState().history.present;
    expect(flow.nodes.length).toBe(2 + 4 + 3 * 1); // the start node is never duplicated
    noOverlaps(nodeRects(flow.nodes));
  });
  it('a node added where another stands goes next to it, using the measured sizes', () => {
    const store = createEditorStore(blankFlow('t'));
    const sizes = new Map([['outcome1', { width: 240, height: 300 }]]);
    const placed = addNodeAt(store, 'gate', { x: 10, y: 210 }, sizes);
    const flow = store.getState().history.present;
    expect(store.getState().selection.nodes).toEqual([placed.id]);
    const rects = nodeRects(flow.nodes, sizes);
    noOverlaps(rects);
    // Asked for at the outcome's top: it went as short a way as it could, not across the canvas.
    expect(Math.hypot(placed.x - 10, placed.y - 210)).toBeLessThan(DEFAULT_NODE_SIZE.width + 40);
  });
});
