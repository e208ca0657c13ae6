import { expect, test } from '@playwright/test';
import { centre, openHome, shot } from './helpers.js';

// A wire that cannot be connected says why at the cursor, while it hovers the port that
// refuses it and after it is dropped there; nothing is connected.
test('a refused connection says why at the cursor', async ({ page }) => {
  await openHome(page);
  await page.getByTestId('template-recycle-by-reason').click();
  await page.getByTestId('node-route').waitFor();
  const edges = await page.locator('.react-flow__edge').count();
  // Away from the pane's edges (a wire there pans the view). The canvas fits the flow once its nodes are measured: wait until the view stops moving.
  let last = '';
  await expect.poll(async () => {
    const now = JSON.stringify(await page.locator('[data-id="disqualify"]').boundingBox());
    const still = now === last;
    last = now;
    return still;
  }, { intervals: [250] }).toBe(true);

  // The gate's "pass" port already leads to the route table.
  const from = await centre(page, '[data-testid="port-contactable-pass"]');
  const to = await centre(page, '[data-id="disqualify"] .react-flow__handle-top');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await expect(page.getByTestId('connection-hint')).toHaveCount(0);
  await page.mouse.move(to.x, to.y, { steps: 5 });
  const hint = page.getByTestId('connection-hint');
  await expect(hint).toHaveText('Port "pass" is already connected; delete that connection first. (E006)');
  // At the cursor: its corner a few pixels below and right of the pointer.
  const box = (await hint.boundingBox())!;
  expect(Math.abs(box.x - to.x)).toBeLessThan(40);
  expect(Math.abs(box.y - to.y)).toBeLessThan(40);
  await shot(page, 'editor-connection-refused');

  await page.mouse.up();
  await expect(hint).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(edges);
  await expect(hint).toHaveCount(0, { timeout: 8000 });
});
