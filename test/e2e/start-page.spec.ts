// The start page tells the truth: "draft" only when there is one, a copy of a template under a
// name of its own, and the address bar followed after load. Uses the buying-group example,
// which no other browser test saves (they share the runtime's rules folder within a run).
import { expect, test } from '@playwright/test';
import { HAS_RUNTIME, openHome } from './helpers.js';

const SHOTS = process.env.SLUICE_DOC_SHOTS === '1' ? 'docs/images' : 'test/output';

test.skip(!HAS_RUNTIME, 'the start page lists rule sets from the runtime (runtime/dist/cli.js)');

test('an example says "draft" only once a draft is saved', async ({ page }) => {
  await openHome(page);
  const example = page.getByTestId('ruleset-buying-group');
  await expect(example).toContainText('published v1');
  await expect(example).not.toContainText('draft');
  await example.click();
  await expect(page.getByTestId('node-start')).toBeVisible();
  await page.getByTestId('save-draft').click();
  await expect(page.getByTestId('toast')).toHaveText('Draft saved');
  await page.getByRole('button', { name: 'Sluice', exact: true }).click();
  await expect(page.getByTestId('ruleset-buying-group')).toContainText('· draft');
});

test('a copy of a template gets a name of its own, and the next copy another', async ({ page }) => {
  await openHome(page);
  const name = (await page.getByTestId('template-buying-group').locator('b').innerText()).trim();
  await page.getByTestId('template-buying-group').click();
  await expect(page.locator('.flow-name')).toContainText(`${name} (copy)`);
  await expect(page.locator('.flow-name small')).toHaveText('buying-group-2');
  await page.getByTestId('save-draft').click();
  await expect(page.getByTestId('toast')).toHaveText('Draft saved');
  await page.getByRole('button', { name: 'Sluice', exact: true }).click();
  await expect(page.getByTestId('ruleset-buying-group-2')).toContainText(`${name} (copy)`);
  await page.screenshot({ path: `${SHOTS}/editor-start-page.png` });

  await page.getByTestId('template-buying-group').click();
  await expect(page.locator('.flow-name')).toContainText(`${name} (copy 2)`);
  await expect(page.locator('.flow-name small')).toHaveText('buying-group-3');
});

test('the start page follows the address: a link to a flow opens it, #/ comes back', async ({ page }) => {
  await openHome(page);
  await page.evaluate(() => { location.hash = '#/flow/bant-handoff'; });
  await expect(page.getByTestId('node-bant')).toBeVisible();
  await page.evaluate(() => { location.hash = '#/'; });
  await expect(page.getByRole('heading', { name: 'New from template' })).toBeVisible();
  // Back returns to the flow.
  await page.goBack();
  await expect(page.getByTestId('node-bant')).toBeVisible();
});
