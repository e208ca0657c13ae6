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

// A picked case (here a template's reference case) is not replaced by saving the lead again:
// the name offered is a new one, and typing an existing name asks before replacing.
test('saving a case beside an existing one keeps both; replacing one asks first', async ({ page, request }) => {
  test.skip(!HAS_RUNTIME, 'needs the runtime (runtime/dist/cli.js)');
  await openHome(page);
  await page.getByTestId('template-recycle-by-reason').click();
  await page.getByTestId('tab-test').click();
  const picker = page.getByLabel('Case');
  await picker.selectOption({ index: 1 });
  const picked = (await picker.locator('option:checked').textContent())!.trim();
  await page.getByTestId('run-test').click();
  await expect(page.getByTestId('result-stage')).not.toBeEmpty();
  await expect(page.getByLabel('Case name')).toHaveValue(`${picked} (2)`);
  await page.getByRole('button', { name: 'Save as case' }).click();
  await expect(page.getByTestId('cases-note')).toHaveText('Saved to recycle-by-reason-2.cases.json on the runtime');

  const names = async () => {
    const res = await request.get('/v1/rulesets/recycle-by-reason-2/cases', { headers: { authorization: `Bearer ${KEY}` } });
    return ((await res.json()) as { cases: { name: string }[] }).cases.map((c) => c.name);
  };
  const both = await names();
  expect(both).toContain(picked);
  expect(both).toContain(`${picked} (2)`);

  // Typing the reference case's own name: declining keeps it as it was.
  await page.getByLabel('Case name').fill(picked);
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.getByRole('button', { name: 'Save as case' }).click();
  await expect(page.getByTestId('cases-note')).toContainText(`Not saved: "${picked}" is kept as it was`);
  expect(asked).toContain(`A case named "${picked}" exists`);
  expect(await names()).toEqual(both);

  // Accepting replaces it in place of a second copy.
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Save as case' }).click();
  await expect(page.getByTestId('cases-note')).toHaveText('Saved to recycle-by-reason-2.cases.json on the runtime');
  const after = await names();
  expect(after.filter((n) => n === picked)).toHaveLength(1);
  expect(after).toHaveLength(both.length);
});
