// The editor's Simulate panel on 100,000 generated leads with events (≈ 7 events and 1–10
// account contacts each), timed in Chromium, with the same work through the SDK in Node side
// by side as the baseline. Printed, never asserted. Run: `pnpm bench editor` (or
// SLUICE_PERF=1 pnpm exec playwright test --project=perf test/e2e/simulate.bench.ts).
//   generate + simulate  the worker makes each lead and runs the accumulator on it (the
//              report's own timers: load + run); Node: `simulate(ruleSet, iterateLeads(…))`
//   click → counts  wall clock from pressing Simulate to the summary on the page (the target: ≤ 5 s)
//   re-run     an edit re-simulates (the leads made again; wall clock, edit → counts)
//   long tasks main-thread tasks over 50 ms while all this ran (PerformanceObserver 'longtask')
import { expect, test, type Page } from '@playwright/test';
import { compile, iterateLeads, simulate, SYNTHETIC_NOW } from '@sluice/sdk';
import { readFileSync } from 'node:fs';
import { openHome } from './helpers.js';

const LEADS = Number(process.env.BENCH_EDITOR_LEADS ?? 100_000);
const TEMPLATES = ['fit-engagement-decay', 'waterfall-6-layer'] as const;

function nodeBaseline(id: string) {
  const r = compile(JSON.parse(readFileSync(`examples/${id}.flow.json`, 'utf8')));
  if (!r.ok) throw new Error(`${id} does not compile`);
  let t = performance.now();
  for (const _ of iterateLeads({ count: LEADS, seed: 42 }));
  const generate = performance.now() - t;
  t = performance.now();
  const report = simulate(r.ruleSet, iterateLeads({ count: LEADS, seed: 42 }), { now: SYNTHETIC_NOW, sample: 50 });
  return { generate, both: performance.now() - t, report };
}

async function longTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __long: number[] }).__long.splice(0));
}

const rows: string[] = [];

test.afterAll(() => {
  console.log(['<!-- markdown -->', '', `Editor Simulate panel, ${LEADS.toLocaleString('en-US')} generated leads (seed 42) with events; Chromium (Debian) worker vs the SDK in Node in the same run.`, '',
    '| template | where | generate only | generate + simulate | leads/s | speed vs Node | click → counts (wall) | re-run after an edit (wall) | main-thread tasks > 100 ms (longest) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |', ...rows, ''].join('\n'));
});

for (const id of TEMPLATES) {
  test(`simulate ${LEADS} leads: ${id}`, async ({ page }) => {
    test.setTimeout(600_000);
    const node = nodeBaseline(id);
    await page.addInitScript(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__long.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await openHome(page);
    await page.getByTestId(`template-${id}`).click();
    await page.getByTestId('tab-simulate').click();
    await page.getByLabel('Number of leads').selectOption(String(LEADS));
    await longTasks(page);
    const clicked = Date.now();
    await page.getByTestId('sim-run').click();
    const summary = page.getByTestId('sim-summary');
    await expect(summary).toContainText(`${LEADS.toLocaleString('en-US')} leads`, { timeout: 500_000 });
    const wall = Date.now() - clicked;
    const run = Number(await summary.getAttribute('data-load-ms')) + Number(await summary.getAttribute('data-run-ms'));
    const firstLong = await longTasks(page);
    // The browser counted what Node counted.
    for (const [stage, n] of Object.entries(node.report.stages)) await expect(page.getByTestId(`stage-${stage}`)).toHaveText((n ?? 0).toLocaleString('en-US'));

    // An edit (a node's label) re-runs on the kept data set.
    await page.locator('.react-flow__node').nth(1).locator('.sl-head').click();
    const t0 = Date.now();
    await page.getByTestId('inspector').getByLabel('Node label').fill('Edited for the benchmark');
    await expect(page.locator('.sl-sim.stale').first()).toBeVisible();
    await expect(page.locator('.sl-sim.stale')).toHaveCount(0, { timeout: 300_000 });
    const rerun = Date.now() - t0;
    const long = [...firstLong, ...(await longTasks(page))];
    const over = long.filter((d) => d > 100);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    rows.push(`| ${id} | Node (SDK) | ${s(node.generate)} | ${s(node.both)} | ${Math.round(LEADS / (node.both / 1000)).toLocaleString('en-US')} | 1 | | | |`);
    const helpers = await page.evaluate(() => Math.min(navigator.hardwareConcurrency || 1, 4));
    rows.push(`| ${id} | editor (Chromium, ${helpers > 1 ? `${helpers} helper workers` : 'one worker'}) | | ${s(run)} | ${Math.round(LEADS / (run / 1000)).toLocaleString('en-US')} | ${(node.both / run).toFixed(2)}× | **${s(wall)}** | ${s(rerun)} | ${over.length} (${long.length ? Math.max(...long).toFixed(0) : 0} ms) |`);
  });
}
