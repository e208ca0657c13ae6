// The browser embed on the example landing page, against the real runtime (a child process
// this test starts, stops and restarts) and the built SDK (run `pnpm -r build` first).
// The page is served by its own small server on another origin, under CSP script-src 'self'.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
// @ts-expect-error plain ESM without types
import { startLandingServer } from '../../examples/landing-page/serve.mjs';

const CLI = join(process.cwd(), 'runtime/dist/cli.js');
const SDK = join(process.cwd(), 'sdk/dist/sluice.min.js');
const SECRET = 'sk_landing_page_e2e_secret_0001';
const PUBLISHABLE = 'pk_landing_page_e2e_public_0001';
/** Known to the runtime and to the page's backend (serve.mjs), never to the browser. */
const IDENTITY_SECRET = 'idsec_landing_page_e2e_0001';
const LEAD = 'ada@northwind.io';

test.skip(!existsSync(CLI) || !existsSync(SDK), 'build first: pnpm -r build');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The runtime as a process, on a fixed port and data folder so that it can be restarted. */
function runtime(port: number, dir: string, origin: string) {
  let child: ChildProcess | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    start: () =>
      new Promise<void>((resolve, reject) => {
        child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data', join(dir, 'data'), '--rules', join(dir, 'rules')], {
          env: { ...process.env, SLUICE_LOG: 'silent', SLUICE_SECRET_KEY: SECRET, SLUICE_PUBLISHABLE_KEY: PUBLISHABLE, SLUICE_PUBLISHABLE_ORIGINS: origin, SLUICE_IDENTITY_SECRET: IDENTITY_SECRET, SLUICE_GIT: 'off' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('running at')) resolve();
        });
        child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
        child.once('exit', (code) => reject(new Error(`runtime exited (${code}):\n${out}`)));
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (!child || child.exitCode !== null) return resolve();
        const c = child;
        c.removeAllListeners('exit');
        // The runtime cuts lingering connections after its 10 s grace; past that, it is stuck.
        const kill = setTimeout(() => c.kill('SIGKILL'), 15_000);
        c.once('exit', () => (clearTimeout(kill), resolve()));
        c.kill('SIGTERM');
      }),
  };
}

async function lead(rtUrl: string): Promise<{ events: { id: string; type: string }[] }> {
  const res = await fetch(`${rtUrl}/v1/leads/${encodeURIComponent(LEAD)}`, { headers: { authorization: `Bearer ${SECRET}` }, signal: AbortSignal.timeout(5000) });
  if (res.status === 404) return { events: [] };
  expect(res.status).toBe(200);
  return (await res.json()) as { events: { id: string; type: string }[] };
}

/** Ids of every event the page recorded (its local history, which the embed scores). */
const pageEventIds = (page: Page) =>
  page.evaluate(() => (JSON.parse(localStorage.getItem('sluice:h') ?? '[]') as { id: string; type: string }[]).map((e) => `${e.type}:${e.id}`));
const queued = (page: Page) => page.evaluate(() => (JSON.parse(localStorage.getItem('sluice:q') ?? '[]') as unknown[]).length);
const badge = (page: Page) => page.locator('#score');
type Result = { source: string; grade: string; outcome: { stage: string }; scores: { fit: number; engagement: number } };
const result = (page: Page) => page.evaluate(() => (window as unknown as { Sluice: { result(): Result | null } }).Sluice.result());
const source = async (page: Page) => (await result(page))?.source;
/** The live score, as `stage grade fit/engagement`. */
const live = async (page: Page) => {
  const r = await result(page);
  return r && `${r.outcome.stage} ${r.grade} ${r.scores.fit}/${r.scores.engagement}`;
};

async function fillProfile(page: Page) {
  const f = page.locator('#download-form');
  await f.getByLabel('Work email').fill(LEAD);
  await f.getByLabel('Seniority').selectOption('vp');
  await f.getByLabel('Department').selectOption('revops');
  await f.getByLabel('Company').fill('Northwind');
  await f.getByLabel('Employees').fill('800');
  await f.getByLabel('Industry').selectOption('software');
}

/** A runtime and the landing page on their own ports; console errors and CSP violations collected. */
async function setUp(page: Page) {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-landing-'));
  const rtPort = await freePort();
  // The runtime allows the page's origin for the publishable key (CORS per key).
  const sitePort = await freePort();
  const origin = `http://127.0.0.1:${sitePort}`;
  const rt = runtime(rtPort, dir, origin);
  await rt.start();
  const site = (await startLandingServer({ port: sitePort, endpoint: rt.url, key: PUBLISHABLE, identitySecret: IDENTITY_SECRET })) as { origin: string; close: () => Promise<void> };
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(m.text()) && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
  );
  return { rt, site, problems };
}

test('a visitor browses, becomes MQL then SQL live, the booker appears; events arrive once, also across an outage', async ({ page }) => {
  const { rt, site, problems } = await setUp(page);
  try {
    // 1. Anonymous browsing: product page, then pricing (a pricing_view by URL pattern).
    await page.goto(`${site.origin}/index.html`);
    await expect(badge(page)).toHaveText('Nurture · grade D4');
    await expect.poll(() => live(page)).toBe('Nurture D4 0/1');
    await page.locator('#hero-pricing').click();
    await expect(page).toHaveURL(/pricing\.html$/);
    await expect(badge(page)).toHaveText('Nurture · grade D3');
    await expect.poll(() => live(page)).toBe('Nurture D3 0/10');
    // Scored from the copy cached on the first page at once, then confirmed by the runtime (304).
    await expect.poll(() => source(page)).toBe('network');

    // 2. Downloads the benchmark as a VP of RevOps at an 800-person software company: fit 70.
    await page.locator('#plan-growth').click();
    await expect(page).toHaveURL(/index\.html#demo$/);
    await fillProfile(page);
    await page.locator('#download-form button[type=submit]').click();
    await expect(page.locator('#download-form .thanks')).toBeVisible();
    // page views 3 × 1 + pricing 8 + download 6 = 17 → grade A3 → MQL, scored in the browser.
    await expect(badge(page)).toHaveText('MQL · grade A3');
    await expect.poll(() => live(page)).toBe('MQL A3 70/17');
    await expect(page.locator('#booker')).toBeHidden();

    // Every event reaches the runtime exactly once (the page's backend minted the identity
    // token with which the embed linked the visitor to the lead).
    await expect.poll(async () => (await lead(rt.url)).events.length).toBe((await pageEventIds(page)).length);

    // 3. The runtime goes down. A reload scores from the cached rule set and says so.
    await rt.stop();
    await page.reload();
    await expect(badge(page)).toHaveText('MQL · grade A3');
    await expect.poll(() => live(page)).toBe('MQL A3 70/18');
    await expect.poll(() => source(page)).toBe('stale-cache');

    // 4. Offline, the visitor requests a demo: +30 → A2 → SQL, live; the booker appears.
    const demo = page.locator('#demo-form');
    await demo.getByLabel('Work email').fill(LEAD);
    await demo.getByLabel('What should we focus on?').fill('Routing for 3 regions');
    await demo.locator('button[type=submit]').click();
    await expect(badge(page)).toHaveText('SQL · grade A2');
    await expect.poll(() => live(page)).toBe('SQL A2 70/48');
    expect(await source(page)).toBe('stale-cache');
    await expect(page.locator('#booker')).toBeVisible();
    await page.locator('#slot-2').click();
    await expect(page.locator('#booker p')).toHaveText(/^Booked: Today 16:00/);
    // page_view, demo_request and meeting_booked wait in the local queue.
    await expect.poll(() => queued(page)).toBe(3);

    // 5. The runtime is back: the queue drains, nothing lost, nothing twice.
    await rt.start();
    await page.evaluate(() => (window as unknown as { Sluice: { flush(): Promise<void> } }).Sluice.flush());
    await expect.poll(() => queued(page)).toBe(0);
    const sent = await pageEventIds(page);
    const got = (await lead(rt.url)).events.map((e) => `${e.type}:${e.id}`);
    expect(got.sort()).toEqual(sent.sort());
    expect(new Set(got).size).toBe(got.length);
    expect(got.filter((e) => e.startsWith('demo_request:'))).toHaveLength(1);

    // A reload re-sends nothing (a replayed id would be ignored anyway) and revalidates the rules.
    await page.reload();
    await expect(badge(page)).toHaveText('SQL · grade A2');
    await expect.poll(() => live(page)).toBe('SQL A2 70/49');
    await expect(page.locator('#booker')).toBeVisible();
    await expect.poll(() => source(page)).toBe('network');
    await expect.poll(() => queued(page)).toBe(0);
    expect((await lead(rt.url)).events).toHaveLength(sent.length + 1);
    expect(problems).toEqual([]);
  } finally {
    await site.close();
    await rt.stop();
  }
});

test('events still queued when the visitor leaves the page go out by sendBeacon and count once', async ({ page }) => {
  const { rt, site, problems } = await setUp(page);
  // Playwright does not report requests of a page being unloaded: the page notes its beacons.
  await page.addInitScript(() => {
    const real = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => {
      localStorage.setItem('test:beacons', JSON.stringify([...(JSON.parse(localStorage.getItem('test:beacons') ?? '[]') as unknown[]), { url: String(url), data }]));
      return real(url, data);
    };
  });
  try {
    await page.goto(`${site.origin}/index.html`);
    await fillProfile(page);
    await page.locator('#download-form button[type=submit]').click();
    await expect(page.locator('#download-form .thanks')).toBeVisible();
    await expect.poll(() => queued(page)).toBe(0);
    // Tracked and left at once: the batch timer (1 s) never fires on this page.
    await page.evaluate(() => (window as unknown as { Sluice: { track(t: string, p: unknown): void } }).Sluice.track('video_play', { id: 'intro' }));
    expect(await queued(page)).toBe(1);
    await page.goto('about:blank');
    await expect.poll(async () => (await lead(rt.url)).events.filter((e) => e.type === 'video_play').length).toBe(1);
    // Back on the page, the queue still holds the beaconed event (its fate was unknown): the
    // next flush sends it again and the runtime keeps one.
    await page.goto(`${site.origin}/index.html`);
    const beacons = (await page.evaluate(() => JSON.parse(localStorage.getItem('test:beacons') ?? '[]'))) as { url: string; data: string }[];
    expect(beacons).toHaveLength(1);
    expect(beacons[0]!.url).toBe(`${rt.url}/v1/events?key=${PUBLISHABLE}`);
    expect((JSON.parse(beacons[0]!.data) as { events: { type: string }[] }).events.map((e) => e.type)).toEqual(['video_play']);
    await expect.poll(() => queued(page)).toBe(0);
    expect((await lead(rt.url)).events.filter((e) => e.type === 'video_play')).toHaveLength(1);
    expect(problems).toEqual([]);
  } finally {
    await site.close();
    await rt.stop();
  }
});
