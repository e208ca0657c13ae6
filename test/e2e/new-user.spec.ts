import { expect, test } from '@playwright/test';
import { HAS_RUNTIME, connectPorts, openHome, shot } from './helpers.js';

// The path a new user takes: template → change the checklist → see the case move →
// fix a broken connection → publish → reload → find the version.
test('new user: template, edit, test, fix, publish, reload', async ({ page }) => {
  await openHome(page);
  await page.getByTestId('template-bant-handoff').click();
  await expect(page.getByTestId('node-bant')).toBeVisible();

  // A case from the template's cases file: 3 of 4 hands off.
  await page.getByTestId('tab-test').click();
  await page.getByLabel('Case').selectOption({ label: '3 of 4 without budget: hand off, the open item reported' });
  await page.getByTestId('run-test').click();
  await expect(page.getByTestId('result-stage')).toHaveText('SQL');
  await expect(page.locator('.react-flow__edge.lit')).toHaveCount(2);
  await expect(page.getByTestId('run-bant')).toContainText('✓');
  await shot(page, 'test-panel-sql');

  // 3-of-4 becomes 4-of-4: the same lead now stays in nurture.
  await page.getByTestId('node-bant').click();
  const min = page.getByLabel('Minimum items');
  await min.fill('4');
  await expect(page.getByTestId('node-bant')).toContainText('pass if 4 of 4 hold');
  await page.getByTestId('tab-test').click();
  await expect(page.getByTestId('result-stage')).toHaveText('Nurture');
  await expect(page.getByTestId('run-bant')).toContainText('✗');
  await shot(page, 'test-panel-nurture');

  // Break the pass connection: the checklist gets a badge; the problem list leads to it.
  await page.locator('.react-flow__edge', { hasText: 'pass' }).locator('.react-flow__edge-textbg').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('badge-bant')).toBeVisible();
  await expect(page.getByTestId('tab-problems')).toContainText('Problems (');
  await shot(page, 'broken-connection-badge');
  await page.getByTestId('tab-problems').click();
  await page.getByTestId('problems').getByRole('button').first().click();
  await expect(page.getByTestId('inspector')).toContainText('BANT');
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Shift+F');
  await connectPorts(page, 'bant', 'pass', 'handoff');
  await shot(page, 'reconnected');
  await expect(page.getByTestId('badge-bant')).toHaveCount(0);
  await expect(page.getByTestId('tab-problems')).toHaveText('Problems');

  test.skip(!HAS_RUNTIME, 'publishing needs the runtime (runtime/dist/cli.js)');
  await page.getByTestId('publish').click();
  await page.getByLabel('Publish message').fill('BANT: require all four');
  await page.getByTestId('publish-confirm').click();
  // A fresh copy of a template: its first version. (The editor waits for the runtime's list
  // before it names a copy, so the copy can never land on the template's own id.)
  await expect(page.getByTestId('toast')).toContainText('Published version 1');
  await expect(page.getByTestId('published-version')).toHaveText('Published v1');
  await expect(page.getByTestId('save-status')).toHaveText('Saved');

  await page.reload();
  await expect(page.getByTestId('node-bant')).toContainText('pass if 4 of 4 hold');
  await expect(page.getByTestId('published-version')).toHaveText('Published v1');
  await page.getByRole('button', { name: 'Sluice', exact: true }).click();
  await expect(page.getByTestId('ruleset-bant-handoff-2')).toContainText('published v1');
  await expect(page.getByTestId('ruleset-bant-handoff')).toContainText('published v1');
  await shot(page, 'home-after-publish');
});

test('publishing a flow that does not compile is refused with the errors shown', async ({ page }) => {
  await openHome(page);
  await page.getByTestId('template-bant-handoff').click();
  await page.locator('.react-flow__edge', { hasText: 'fail' }).locator('.react-flow__edge-textbg').click();
  await page.keyboard.press('Delete');
  await page.getByTestId('publish').click();
  await page.getByLabel('Publish message').fill('broken');
  await page.getByTestId('publish-confirm').click();
  await expect(page.getByTestId('toast')).toContainText('Publishing was refused');
  await expect(page.getByTestId('problems')).toContainText('fail');
});
