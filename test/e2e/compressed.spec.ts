// The first screen as the browser fetches it from the runtime (issue 16): every file compressed
// (the build's brotli or gzip copies, as the browser accepts), cached right, and at most 200 KB
// on the wire in all — counted by Chromium itself through the DevTools protocol
// (Network.loadingFinished's encodedDataLength: headers and body as received).
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { HAS_RUNTIME, KEY, shot } from './helpers.js';

const BUDGET = 200 * 1024;

interface Fetched {
  url: string;
  status: number;
  type: string;
  headers: Record<string, string>;
  accept: string;
  bytes: number;
}

/** Records every response of the page with its request's Accept-Encoding and the bytes received. */
async function record(page: Page): Promise<{ cdp: CDPSession; done: Map<string, Fetched> }> {
  const cdp = await page.context().newCDPSession(page);
  const seen = new Map<string, Partial<Fetched>>();
  const done = new Map<string, Fetched>();
  const lower = (h: Record<string, unknown>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), String(v)]));
  await cdp.send('Network.enable');
  // The cache would hide what a first visit costs.
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => {
    const r = seen.get(e.requestId) ?? {};
    r.accept = lower(e.headers)['accept-encoding'] ?? '';
    seen.set(e.requestId, r);
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = seen.get(e.requestId) ?? {};
    Object.assign(r, { url: e.response.url, status: e.response.status, type: e.type, headers: lower(e.response.headers) });
    seen.set(e.requestId, r);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = seen.get(e.requestId);
    if (r?.url) done.set(e.requestId, { accept: '', ...r, bytes: e.encodedDataLength } as Fetched);
  });
  return { cdp, done };
}

test.skip(!HAS_RUNTIME, 'needs the built runtime (pnpm build): vite preview does not serve the precompressed files');

test('the first screen comes compressed and within 200 KB', async ({ page }) => {
  await page.addInitScript((key) => sessionStorage.setItem('sluice.secretKey', key), KEY);
  const { cdp, done } = await record(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'New from template' })).toBeVisible();
  // The runtime's rule sets are listed: everything the start page asks for has arrived.
  await expect(page.getByTestId('ruleset-list').locator('li').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  await shot(page, 'first-screen');
  const first = [...done.values()];
  const total = first.reduce((a, f) => a + f.bytes, 0);
  console.log(`first screen: ${first.length} responses, ${(total / 1024).toFixed(1)} KB transferred\n${first.map((f) => `  ${f.bytes.toString().padStart(7)} ${f.headers['content-encoding'] ?? '-'} ${new URL(f.url).pathname}`).join('\n')}`);

  const files = first.filter((f) => f.type === 'Script' || f.type === 'Stylesheet');
  expect(files.length).toBeGreaterThanOrEqual(2);
  for (const f of files) {
    const path = new URL(f.url).pathname;
    // Brotli when the browser offers it (Chromium does on any origin it trusts), else gzip.
    const want = /\bbr\b/.test(f.accept) ? 'br' : 'gzip';
    expect(f.headers['content-encoding'], path).toBe(want);
    expect(f.headers.vary, path).toMatch(/accept-encoding/i);
    expect(f.headers['cache-control'], path).toBe('public, max-age=31536000, immutable');
    expect(f.headers['content-type'], path).toMatch(f.type === 'Script' ? /^text\/javascript/ : /^text\/css/);
  }
  const doc = first.find((f) => f.type === 'Document')!;
  expect(doc.headers['cache-control']).toBe('no-cache');
  expect(doc.headers['content-security-policy']).toContain("script-src 'self'");
  // The start page does not fetch the editor screen (React Flow, the engine) nor Monaco.
  expect(first.map((f) => new URL(f.url).pathname).filter((p) => /EditorScreen|setup|editor\.api/.test(p))).toEqual([]);
  expect(total).toBeLessThanOrEqual(BUDGET);

  // Opening a template fetches the editor screen's chunk, compressed too, and it works.
  done.clear();
  await page.getByTestId('template-bant-handoff').click();
  await expect(page.getByTestId('node-bant')).toBeVisible();
  const screen = [...done.values()].find((f) => /\/assets\/EditorScreen-[^/]+\.js$/.test(new URL(f.url).pathname));
  expect(screen, 'the editor screen chunk').toBeDefined();
  expect(screen!.headers['content-encoding']).toMatch(/^(br|gzip)$/);
  await cdp.detach();
});

test('a browser that accepts no compression gets the files as they are', async ({ request }) => {
  const home = await request.get('/', { headers: { 'accept-encoding': 'identity' } });
  const html = await home.text();
  const script = /<script[^>]*src="([^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeDefined();
  const plain = await request.get(script!, { headers: { 'accept-encoding': 'identity' } });
  expect(plain.headers()['content-encoding']).toBeUndefined();
  expect(plain.headers().vary).toMatch(/accept-encoding/i);
  expect(Number(plain.headers()['content-length'])).toBe((await plain.body()).length);
  // The compressed copies are not files of their own.
  expect((await request.get(`${script!}.br`)).status()).toBe(404);
  expect((await request.get(`${script!}.gz`)).status()).toBe(404);
});
