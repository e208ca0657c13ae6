import { expect, test } from '@playwright/test';
import { HAS_RUNTIME, KEY, openHome } from './helpers.js';

// The editor page as the runtime serves it: its Content-Security-Policy must not break the
// editor (Monaco, its workers), and the secret key must not land in localStorage.
test.skip(!HAS_RUNTIME, 'the runtime serves the page and its headers');

test('the editor runs under its Content-Security-Policy: Monaco and its workers work, nothing is refused', async ({ page }) => {
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  page.on('pageerror', (e) => refused.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load (CSP ${e.violatedDirective}): ${e.blockedURI}`));
  });
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));

  const res = await page.request.get('/');
  const csp = res.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-eval');

  await openHome(page);
  await page.getByTestId('blank-flow').click();
  await page.getByTestId('tab-json').click();
  const editor = page.locator('.monaco-editor .view-lines');
  await expect(editor).toContainText('"stage": "MQL"');
  // JSON diagnostics come from Monaco's JSON worker: a squiggle means the worker runs.
  await page.locator('.monaco-editor .view-lines span', { hasText: /^"MQL"$/ }).first().dblclick();
  await page.keyboard.type('"SQL",,');
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeAttached();
  expect(workers.some((u) => /json\.worker/.test(u))).toBe(true);
  expect(refused).toEqual([]);
});

test('the secret key is kept for this tab only, never in localStorage', async ({ page, context }) => {
  await page.goto('/');
  await page.getByLabel('Secret key').fill(KEY);
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByTestId('ruleset-list').locator('li').first()).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('sluice.secretKey'))).toBeNull();
  expect(await page.evaluate(() => sessionStorage.getItem('sluice.secretKey'))).toBe(KEY);
  // Another tab asks again.
  const other = await context.newPage();
  await other.goto('/');
  await expect(other.getByLabel('Secret key')).toBeVisible();
});

test('another site cannot frame the editor', async ({ page, baseURL }) => {
  // Chromium says so in the console of the page that tried.
  const refusal = page.waitForEvent('console', { predicate: (m) => /Framing .* violates .*frame-ancestors 'none'.* blocked/.test(m.text()), timeout: 10_000 });
  await page.setContent(`<iframe src="${baseURL}/" width="800" height="600"></iframe>`);
  await refusal;
  const res = await page.request.get('/');
  expect(res.headers()['x-frame-options']).toBe('DENY');
});
