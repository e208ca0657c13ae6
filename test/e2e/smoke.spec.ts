import { expect, test } from '@playwright/test';
import { openHome, shot } from './helpers.js';

test('start page and a template open', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await openHome(page);
  await shot(page, 'home');
  await page.getByTestId('template-bant-handoff').click();
  await expect(page.getByTestId('node-bant')).toBeVisible();
  await shot(page, 'bant-template');
  expect(errors).toEqual([]);
});
