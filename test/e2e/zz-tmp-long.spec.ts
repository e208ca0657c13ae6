import { expect, test } from '@playwright/test';
import { openHome } from './helpers.js';
test('long tasks', async ({ page }) => {
  test.setTimeout(300_000);
  await page.addInitScript(() => {
    const w = window as unknown as { __long: unknown[] };
    w.__long = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__long.push({ start: Math.round(e.startTime), d: Math.round(e.duration), a: JSON.stringify((e as any).attribution?.map((x: any) => [x.name, x.containerType, x.containerSrc, x.containerName])) }); }).observe({ type: 'longtask', buffered: true });
  });
  await openHome(page);
  await page.getByTestId('template-fit-engagement-decay').click();
  await page.getByTestId('tab-simulate').click();
  await page.getByLabel('Number of leads').selectOption('10000');
  const client = await page.context().newCDPSession(page);
  await client.send('Profiler.enable');
  await client.send('Profiler.start');
  const t0 = await page.evaluate(() => performance.now());
  await page.getByTestId('sim-run').click();
  await expect(page.getByTestId('sim-summary')).toContainText('10,000 leads', { timeout: 200_000 });
  const t1 = await page.evaluate(() => performance.now());
  const { profile } = await client.send('Profiler.stop');
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
  const dt = profile.timeDeltas; 
  profile.samples.forEach((id: number, i: number) => { const n: any = byId.get(id); const k = `${n.callFrame.functionName}@${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000); });
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(1)}ms ${k}`).join('\n'));
  console.log('t0', t0, 't1', t1, JSON.stringify(await page.evaluate(() => (window as any).__long)));
});
