import { expect, test, type Page } from '@playwright/test';
import { openHome, shot } from './helpers.js';

test.use({ viewport: { width: 1280, height: 800 } });

/** Every tab of the side panel lies wholly inside the panel and shows its whole label. */
async function expectAllTabsVisible(page: Page) {
  const panel = await page.locator('aside.side').boundingBox();
  expect(panel).not.toBeNull();
  const tabs = page.locator('aside.side > nav.tabs > [role=tab]');
  expect(await tabs.count()).toBeGreaterThanOrEqual(7);
  for (const tab of await tabs.all()) {
    const label = await tab.textContent();
    const box = await tab.boundingBox();
    expect(box, `${label} has a box`).not.toBeNull();
    expect(box!.x, `${label} starts inside the panel`).toBeGreaterThanOrEqual(panel!.x - 0.5);
    expect(box!.x + box!.width, `${label} ends inside the panel`).toBeLessThanOrEqual(panel!.x + panel!.width + 0.5);
    expect(box!.y + box!.height, `${label} is above the panel's bottom`).toBeLessThanOrEqual(panel!.y + panel!.height + 0.5);
    // The label is not cut short inside its button either.
    expect(await tab.evaluate((b) => b.scrollWidth <= b.clientWidth), `${label} shows its whole label`).toBe(true);
  }
}

test('side panel: every tab is fully visible, narrow and wide', async ({ page }) => {
  await openHome(page);
  await page.getByTestId('template-bant-handoff').click();
  await expect(page.getByTestId('node-bant')).toBeVisible();
  // Narrow (the inspector), then wide (the JSON tab widens the panel).
  await expect(page.getByTestId('tab-inspect')).toHaveAttribute('aria-selected', 'true');
  await expectAllTabsVisible(page);
  await shot(page, 'side-panel-tabs-narrow');
  await page.getByTestId('tab-funnel').click();
  await page.getByTestId('tab-inspect').click();
  await page.getByTestId('tab-json').click();
  await expect(page.getByTestId('tab-json')).toHaveAttribute('aria-selected', 'true');
  await expectAllTabsVisible(page);
  await shot(page, 'side-panel-tabs-wide');
});
