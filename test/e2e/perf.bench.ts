// Frame cost while dragging a node and wheel-zooming on a 300-node flow, measured in Chromium
// through the DevTools protocol; printed, never asserted. Run by `pnpm bench editor` (test/bench/editor.bench.mjs).
import { test, type CDPSession, type Page } from '@playwright/test';
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
 * Main-thread time per input event, read through the DevTools protocol: each event is sent
 * with Input.dispatchMouseEvent, a frame is awaited, and Performance.getMetrics' TaskDuration
 * (all main-thread tasks: events, React, style, layout, paint, compositing) is read before and
 * after — the frame's cost, which vsync-capped requestAnimationFrame intervals cannot show.
 * Two sessions read it two ways: `cpu` in the main thread's own CPU time (threadTicks), which
 * other processes on a shared machine do not inflate, and `wall` in wall-clock time, which they do.
 */
async function costPerEvent(page: Page, events: { x: number; y: number }[], send: (p: { x: number; y: number }, i: number) => Promise<unknown>): Promise<{ cpu: number[]; wall: number[] }> {
  const cpuSession = await page.context().newCDPSession(page);
  const wallSession = await page.context().newCDPSession(page);
  await cpuSession.send('Performance.enable', { timeDomain: 'threadTicks' });
  await wallSession.send('Performance.enable', { timeDomain: 'timeTicks' });
  const taskMs = async (s: CDPSession) => ((await s.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
  const cpu: number[] = [];
  const wall: number[] = [];
  for (const [i, p] of events.entries()) {
    const [c0, w0] = await Promise.all([taskMs(cpuSession), taskMs(wallSession)]);
    await send(p, i);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    const [c1, w1] = await Promise.all([taskMs(cpuSession), taskMs(wallSession)]);
    cpu.push(c1 - c0);
    wall.push(w1 - w0);
  }
  await cpuSession.detach();
  await wallSession.detach();
  return { cpu, wall };
}

function stats(f: number[]) {
  const s = [...f].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s.at(-1) ?? 0 };
}

/** The nodes React Flow has in the DOM whose box is inside the pane. */
function nodesInView(page: Page): Promise<{ rendered: number; inView: number }> {
  return page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
    const all = [...document.querySelectorAll('.react-flow__node')].map((n) => n.getBoundingClientRect());
    return { rendered: all.length, inView: all.filter((r) => r.left >= pane.left && r.right <= pane.right && r.top >= pane.top && r.bottom <= pane.bottom).length };
  });
}

test('frame cost on a 300-node flow: dragging a node, wheel zoom with every node in view', async ({ page }) => {
  const flow = bigFlow(300);
  await page.addInitScript(([key, f]) => {
    sessionStorage.setItem('sluice.secretKey', key as string);
    localStorage.setItem('sluice.draft.perf-300', JSON.stringify({ flow: f, saved: false, at: 0 }));
  }, [KEY, flow] as const);
  await page.goto('/#/flow/perf-300');
  await page.locator('.react-flow__node').first().waitFor();
  const cdp = await page.context().newCDPSession(page);
  const mouse = (type: string, p: { x: number; y: number }, extra: Record<string, unknown> = {}) =>
    cdp.send('Input.dispatchMouseEvent', { type, x: p.x, y: p.y, ...extra } as never);
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;

  // Drag: 60 pointer moves of a gate well inside the pane (the first in the DOM may be off screen).
  const b = await page.evaluate((p) => {
    for (const el of document.querySelectorAll('.react-flow__node-sluice .kind-gate .sl-head')) {
      const r = el.getBoundingClientRect();
      if (r.left > p.x + 20 && r.top > p.y + 20 && r.right < p.x + p.width - 250 && r.bottom < p.y + p.height - 200) return { x: r.left, y: r.top };
    }
    throw new Error('no gate in view to drag');
  }, pane);
  const at = { x: b.x + 30, y: b.y + 8 };
  const nodeId = await page.evaluate((p) => document.elementFromPoint(p.x, p.y)?.closest('.react-flow__node')?.getAttribute('data-id'), at);
  const before = await page.locator(`.react-flow__node[data-id="${nodeId}"]`).boundingBox();
  await mouse('mouseMoved', at);
  await mouse('mousePressed', at, { button: 'left', buttons: 1, clickCount: 1 });
  const path = Array.from({ length: 60 }, (_, i) => ({ x: at.x + (i + 1) * 3, y: at.y + (i + 1) * 2 }));
  const drag = await costPerEvent(page, path, (p) => mouse('mouseMoved', p, { button: 'left', buttons: 1 }));
  await mouse('mouseReleased', path.at(-1)!, { button: 'left', buttons: 0, clickCount: 1 });
  const after = await page.locator(`.react-flow__node[data-id="${nodeId}"]`).boundingBox();
  // A drag that missed its node would measure an idle page.
  if (!before || !after || Math.abs(after.x - before.x - 180) > 20) throw new Error(`the drag did not move ${nodeId}: ${JSON.stringify({ before, after })}`);

  // Wheel zoom with all 300 nodes in view: fit the flow (Shift+F; the editor opens with the start
  // node at the top left, not all of it), then 40 wheel steps out and in by three at a time,
  // which stays within the zoom where it all fits (the minimum zoom is just below it).
  const mid = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
  await page.keyboard.press('Shift+F');
  await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
  const wheel = (dir: (i: number) => number) => (p: { x: number; y: number }, i: number) => cdp.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x: p.x, y: p.y, deltaX: 0, deltaY: dir(i) });
  const steps = Array.from({ length: 40 }, (_, i) => ({ x: mid.x, y: mid.y + (i % 2) }));
  let fewest = (await nodesInView(page)).inView;
  const zoom = await costPerEvent(page, steps, async (p, i) => {
    await wheel((j) => (j % 6 < 3 ? 40 : -40))(p, i);
    if (i % 6 === 5) fewest = Math.min(fewest, (await nodesInView(page)).inView);
  });
  // The old gesture: ten steps in, ten out, twice; zoomed in, rows leave the view and come back
  // (React Flow unmounts nodes out of view, onlyRenderVisibleElements).
  const churn = await costPerEvent(page, steps, wheel((j) => (j % 20 < 10 ? -40 : 40)));
  await cdp.detach();

  const row = (name: string, t: { cpu: number[]; wall: number[] }, note: (s: ReturnType<typeof stats>) => string) => {
    const c = stats(t.cpu);
    const w = stats(t.wall);
    return `| ${name} | ${c.n} | ${c.p50.toFixed(1)} | ${c.p95.toFixed(1)} | ${c.max.toFixed(1)} | ${w.p50.toFixed(1)} | ${w.p95.toFixed(1)} | ${note(c)} |`;
  };
  // What the main thread allows at p95; a 60 Hz display shows at most 60 of them.
  const fps = (s: ReturnType<typeof stats>) => `${(1000 / Math.max(s.p95, 1)).toFixed(0)} fps at p95`;
  console.log(['<!-- markdown -->', '', 'Main-thread time per input event on a 300-node flow (Chromium, DevTools protocol `Performance.getMetrics` TaskDuration around each `Input.dispatchMouseEvent` and the frame after it; cpu = the main thread\'s CPU time, wall = wall clock, which other load inflates):', '',
    '| gesture | events | cpu p50 ms | cpu p95 ms | cpu max ms | wall p50 ms | wall p95 ms | note |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    row('drag a node', drag, (s) => `target p95 ≤ 16 ms: ${s.p95 <= 16 ? 'met' : 'missed'}`),
    row(`wheel zoom, all ${fewest} nodes in view`, zoom, (s) => `${fps(s)} (target ≥ 50)`),
    row('wheel zoom in and out, rows leaving the view', churn, fps), ''].join('\n'));
});
