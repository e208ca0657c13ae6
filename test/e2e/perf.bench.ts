// Frame times while panning and dragging on a 300-node flow: requestAnimationFrame deltas,
// printed as p50/p95/max, never asserted. Run: SLUICE_PERF=1 pnpm exec playwright test --project=perf
import { test, type Page } from '@playwright/test';
import { KEY } from './helpers.js';

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

async function frames(page: Page, gesture: () => Promise<void>): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    let last = performance.now();
    const tick = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await gesture();
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames.slice(1);
  });
}

function report(name: string, f: number[]) {
  const s = [...f].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]?.toFixed(1);
  console.log(`${name}: ${s.length} frames, p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${s.at(-1)?.toFixed(1)} ms`);
}

test('frame times on a 300-node flow', async ({ page }) => {
  const flow = bigFlow(300);
  await page.addInitScript(([key, f]) => {
    sessionStorage.setItem('sluice.secretKey', key as string);
    localStorage.setItem('sluice.draft.perf-300', JSON.stringify({ flow: f, saved: false, at: 0 }));
  }, [KEY, flow] as const);
  await page.goto('/#/flow/perf-300');
  await page.getByTestId('node-g1').waitFor();
  await page.getByRole('button', { name: 'zoom in' }).click();
  await page.getByRole('button', { name: 'zoom in' }).click();
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const pan = await frames(page, async () => {
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    await page.mouse.down();
    for (let i = 0; i < 120; i++) await page.mouse.move(pane.x + pane.width / 2 - i * 3, pane.y + pane.height / 2 - i * 2);
    await page.mouse.up();
  });
  report('pan', pan);
  const node = page.locator('.react-flow__node .sl-head').first();
  const b = (await node.boundingBox())!;
  const drag = await frames(page, async () => {
    await page.mouse.move(b.x + 30, b.y + 8);
    await page.mouse.down();
    for (let i = 0; i < 120; i++) await page.mouse.move(b.x + 30 + i * 2, b.y + 8 + i);
    await page.mouse.up();
  });
  report('drag', drag);
});
