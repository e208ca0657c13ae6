// Frame cost while dragging a node and wheel-zooming on a 300-node flow, measured in Chromium
// through the DevTools protocol; printed, never asserted. Run by `pnpm bench editor` (test/bench/editor.bench.mjs).
import { test, type Page } from '@playwright/test';
import { KEY } from './helpers.js';

// Tracing snapshots the DOM around every action (here each awaited frame): it would be measured.
test.use({ trace: 'off' });

function bigFlow(n: number) {
  const nodes: unknown[] = [{ id: 'start', kind: 'start', position: { x: 0, y: 0 }, config: { fields: [{ key: 'lead.score', type: 'number' }] } }];
  const edges: unknown[] = [];
  let prev = 'start';
  let port = 'next';
  for (let i = 1; i < n - 1; i++) {
    const id = `g${i}`;
    nodes.push({ id, kind: 'gate', position: { x: (i % 10) * 280, y: Math.floor(i / 10) * 200 }, config: { condition: { fact: 'lead', path: '$.score', operator: 'greaterThan', value: i }, reason: `below-${i}` } });
    edges.push({ id: `${prev}.${port}->${id}`, source: prev, sourcePort: port, target: id });
    prev = id;
    port = 'pass';
  }
  nodes.push({ id: 'done', kind: 'outcome', position: { x: 0, y: Math.ceil(n / 10) * 200 }, config: { stage: 'SQL' } });
  edges.push({ id: `${prev}.pass->done`, source: prev, sourcePort: 'pass', target: 'done' });
  return { schemaVersion: 1, id: 'perf-300', name: 'Perf 300', nodes, edges };
}

/**
 * Main-thread time per pointer move, read through the DevTools protocol: each move is sent
 * with Input.dispatchMouseEvent, a frame is awaited, and Performance.getMetrics' TaskDuration
 * (all main-thread tasks: events, React, style, layout, paint) is read before and after.
 * This is the frame's cost, which vsync-capped requestAnimationFrame intervals cannot show.
 */
async function costPerMove(page: Page, moves: { x: number; y: number }[], send: (p: { x: number; y: number }) => Promise<unknown>): Promise<number[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskMs = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
  const out: number[] = [];
  for (const p of moves) {
    const t0 = await taskMs();
    await send(p);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    out.push((await taskMs()) - t0);
  }
  await cdp.detach();
  return out;
}

function stats(f: number[]) {
  const s = [...f].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s.at(-1) ?? 0 };
}

test('frame cost on a 300-node flow: dragging a node, wheel zoom with every node in view', async ({ page }) => {
  const flow = bigFlow(300);
  await page.addInitScript(([key, f]) => {
    localStorage.setItem('sluice.secretKey', key as string);
    localStorage.setItem('sluice.draft.perf-300', JSON.stringify({ flow: f, saved: false, at: 0 }));
  }, [KEY, flow] as const);
  await page.goto('/#/flow/perf-300');
  await page.locator('.react-flow__node').first().waitFor();
  const cdp = await page.context().newCDPSession(page);
  const mouse = (type: string, p: { x: number; y: number }, extra: Record<string, unknown> = {}) =>
    cdp.send('Input.dispatchMouseEvent', { type, x: p.x, y: p.y, ...extra } as never);

  // Drag: 60 pointer moves of a gate in view.
  const b = (await page.locator('.react-flow__node.react-flow__node-sluice .kind-gate .sl-head').first().boundingBox())!;
  const at = { x: b.x + 30, y: b.y + 8 };
  await mouse('mouseMoved', at);
  await mouse('mousePressed', at, { button: 'left', buttons: 1, clickCount: 1 });
  const path = Array.from({ length: 60 }, (_, i) => ({ x: at.x + (i + 1) * 3, y: at.y + (i + 1) * 2 }));
  const drag = await costPerMove(page, path, (p) => mouse('mouseMoved', p, { button: 'left', buttons: 1 }));
  await mouse('mouseReleased', path.at(-1)!, { button: 'left', buttons: 0, clickCount: 1 });

  // Wheel zoom with all 300 nodes in view: zoom out until the flow fits, then 40 wheel steps.
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const mid = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
  for (let i = 0; i < 12; i++) await cdp.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x: mid.x, y: mid.y, deltaX: 0, deltaY: 200 });
  const visible = await page.locator('.react-flow__node').count();
  const steps = Array.from({ length: 40 }, (_, i) => ({ x: mid.x, y: mid.y + (i % 2) }));
  const zoom = await costPerMove(page, steps, (p) => cdp.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x: p.x, y: p.y, deltaX: 0, deltaY: steps.indexOf(p) % 20 < 10 ? -40 : 40 }));
  await cdp.detach();

  const d = stats(drag);
  const z = stats(zoom);
  const row = (name: string, s: ReturnType<typeof stats>, extra: string) =>
    `| ${name} | ${s.n} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.max.toFixed(1)} | ${extra} |`;
  console.log(['<!-- markdown -->', '', 'Main-thread time per input event on a 300-node flow (Chromium, DevTools protocol `Performance.getMetrics` TaskDuration around each `Input.dispatchMouseEvent` and the frame after it):', '',
    '| gesture | events | p50 ms | p95 ms | max ms | note |', '| --- | ---: | ---: | ---: | ---: | --- |',
    row('drag a node', d, 'target p95 ≤ 16 ms'),
    row(`wheel zoom, ${visible} nodes rendered`, z, `${(1000 / Math.max(z.p95, 1000 / 60)).toFixed(0)} fps at p95 (target ≥ 50)`), ''].join('\n'));
});
