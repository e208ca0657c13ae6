import { expect, test } from '@playwright/test';
import { HAS_RUNTIME, KEY, openHome } from './helpers.js';

// "Save as case" keeps the lead and its current result as a case; with the runtime there it
// lands in the rule set's cases file (the rules folder, in git), so the next session has it.
test('save as case writes the cases file on the runtime, and it is offered again after a reload', async ({ page, request }) => {
  test.skip(!HAS_RUNTIME, 'needs the runtime (runtime/dist/cli.js)');
  await openHome(page);
  await page.getByTestId('template-recycle-by-reason').click();
  await page.getByTestId('tab-test').click();
  await page.getByLabel('Case').selectOption({ index: 1 });
  await page.getByTestId('run-test').click();
  await expect(page.getByTestId('result-stage')).not.toBeEmpty();
  await page.getByLabel('Case name').fill('my lead from the test panel');
  await page.getByRole('button', { name: 'Save as case' }).click();
  await expect(page.getByTestId('cases-note')).toHaveText('Saved to recycle-by-reason-2.cases.json on the runtime');

  const res = await request.get('/v1/rulesets/recycle-by-reason-2/cases', { headers: { authorization: `Bearer ${KEY}` } });
  expect(res.status()).toBe(200);
  const file = (await res.json()) as { ruleSet: string; cases: { name: string }[] };
  expect(file.ruleSet).toBe('recycle-by-reason-2');
  expect(file.cases.map((c) => c.name)).toContain('my lead from the test panel');

  // A new browser profile (no local copy): the case comes from the runtime.
  await page.evaluate(() => localStorage.removeItem('sluice.cases.recycle-by-reason-2'));
  await page.reload();
  await page.getByTestId('tab-test').click();
  await expect(page.getByLabel('Case').locator('option', { hasText: 'my lead from the test panel' })).toHaveCount(1);
});
