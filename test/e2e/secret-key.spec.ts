import { expect, test } from '@playwright/test';
import { HAS_RUNTIME, KEY } from './helpers.js';

// What the README promises a new user: the editor asks for the secret key once, says where
// to find it, and remembers it.
test('a first visit asks for the secret key and says where to find it; the key opens the rule sets and is remembered', async ({ page }) => {
  test.skip(!HAS_RUNTIME, 'needs the runtime (runtime/dist/cli.js)');
  await page.goto('/');
  const form = page.locator('form.key-form');
  await expect(form).toBeVisible();
  await expect(form).toContainText('prints a development secret key when it starts');
  await expect(form).toContainText('dev-keys.json in its data folder (.data/ by default)');
  await expect(page.getByTestId('ruleset-bant-handoff')).toHaveCount(0);

  // A wrong key is not taken: the question stays.
  await page.getByLabel('Secret key').fill('sk_not_the_key');
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(form).toBeVisible();

  await page.getByLabel('Secret key').fill(KEY);
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByTestId('ruleset-bant-handoff')).toBeVisible();
  await expect(form).toBeHidden();

  await page.reload();
  await expect(page.getByTestId('ruleset-bant-handoff')).toBeVisible();
  await expect(form).toHaveCount(0);
});
