import { expect, test } from '@playwright/test';
import { HAS_RUNTIME, openHome, shot } from './helpers.js';

test('simulate generated leads: counts on every edge', async ({ page }) => {
  test.skip(!HAS_RUNTIME, 'needs the runtime (runtime/dist/cli.js)');
  await page.setViewportSize({ width: 1600, height: 1000 });
  await openHome(page);
  await page.getByTestId('template-waterfall-6-layer').click();
  await page.getByTestId('publish').click();
  await page.getByLabel('Publish message').fill('as the template');
  await page.getByTestId('publish-confirm').click();
  await expect(page.getByTestId('published-version')).toHaveText('Published v1');

  await page.getByTestId('tab-simulate').click();
  await page.getByLabel('Number of leads').selectOption('10000');
  await page.getByTestId('sim-run').click();
  await expect(page.getByTestId('sim-summary')).toContainText('10,000 leads', { timeout: 60_000 });
  await page.keyboard.press('Shift+F');
  await shot(page, 'simulate-counts');

  await page.getByTestId('node-signals').click();
  await page.getByTestId('inspector').getByLabel('Value').fill('10');
  await page.getByTestId('tab-simulate').click();
  await page.getByTestId('sim-tab-compare').click();
  await page.getByTestId('sim-compare-run').click();
  await expect(page.getByTestId('sim-changed')).toBeVisible({ timeout: 60_000 });
  await shot(page, 'simulate-compare');
  await page.locator('[data-testid^="open-moved-"]').first().click();
  await expect(page.getByTestId('trace-pair')).toBeVisible();
  await shot(page, 'simulate-trace-pair');
});
