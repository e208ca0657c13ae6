import { expect, type Page } from '@playwright/test';

export const KEY = process.env.SLUICE_SECRET_KEY ?? 'sk_e2e_secret_key_for_tests_0001';
export const HAS_RUNTIME = process.env.SLUICE_E2E_RUNTIME === '1';

/** Opens the start page with the secret key already given in this tab's session. */
export async function openHome(page: Page): Promise<void> {
  await page.addInitScript((key) => {
    if (!sessionStorage.getItem('sluice.secretKey')) sessionStorage.setItem('sluice.secretKey', key);
  }, KEY);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'New from template' })).toBeVisible();
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test/output/${name}.png` });
}

/** The centre of an element, for mouse gestures. */
export async function centre(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a connection from a node's out-port onto another node's input. */
export async function connectPorts(page: Page, source: string, port: string, target: string): Promise<void> {
  const from = await centre(page, `[data-testid="port-${source}-${port}"]`);
  const to = await centre(page, `[data-id="${target}"] .react-flow__handle-top`);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
}

/**
 * Opens the recycle-by-reason template with `cases` as its saved cases (this browser's
 * storage), then runs them all from the Test tab.
 */
export async function runAllWithCases(page: Page, cases: unknown[]): Promise<void> {
  await openHome(page);
  await page.getByTestId('template-recycle-by-reason').click();
  await page.getByTestId('node-route').waitFor();
  const id = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
  await page.evaluate(([key, c]) => localStorage.setItem(key as string, JSON.stringify(c)), [`sluice.cases.${id}`, cases] as const);
  await page.reload();
  await page.getByTestId('tab-test').click();
  await page.getByTestId('run-all').click();
}
