// Far zoom draws cheap node faces (issue 16, canvas speed): below 45 % the text, ports and
// handles are not painted and each node shows its kind as a fill; zooming back in brings them back.
import { expect, test } from '@playwright/test';
import { openHome, shot } from './helpers.js';

test('zoomed far out, nodes are blocks of their kind; zoomed in, their text is back', async ({ page }) => {
  await openHome(page);
  await page.getByTestId('template-waterfall-6-layer').click();
  const flow = page.locator('.react-flow');
  const label = page.locator('.react-flow__node .sl-label').first();
  await expect(label).toBeVisible();
  await expect(flow).not.toHaveClass(/zoom-far/);

  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 200);
  await expect(flow).toHaveClass(/zoom-far/);
  await expect(label).toBeHidden();
  await expect(page.locator('.react-flow__node .react-flow__handle').first()).toBeHidden();
  // The node keeps its size (nothing is re-measured) and shows its kind's colour.
  const node = page.locator('.react-flow__node .sl-node').first();
  expect(await node.evaluate((n) => getComputedStyle(n).backgroundColor)).not.toBe('rgb(255, 255, 255)');
  await shot(page, 'canvas-far-zoom');

  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -200);
  await expect(flow).not.toHaveClass(/zoom-far/);
  await expect(page.locator('.react-flow__node .sl-label').first()).toBeVisible();
});
