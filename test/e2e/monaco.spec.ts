import { expect, test, type Page } from '@playwright/test';
import { openHome } from './helpers.js';

// Monaco is bundled piece by piece (editor/src/monaco/setup.ts): these check that each piece the
// editor relies on is there, as a user meets it.

async function blank(page: Page) {
  await openHome(page);
  await page.getByTestId('blank-flow').click();
  await expect(page.getByTestId('node-outcome1')).toBeVisible();
}

test('JSON tab: schema errors show on hover, find and folding work', async ({ page }) => {
  await blank(page);
  await page.getByTestId('tab-json').click();
  const lines = page.locator('.monaco-editor .view-lines');
  await expect(lines).toContainText('"stage": "MQL"');
  // Folding arrows in the gutter (the JSON language's folding ranges).
  await expect(page.locator('.monaco-editor .cldr.codicon-folding-expanded').first()).toBeAttached();
  // Find: Ctrl+F opens the find widget and counts the matches.
  await lines.click();
  await page.keyboard.press('Control+f');
  const find = page.locator('.monaco-editor .find-widget');
  await expect(find).toBeVisible();
  await page.keyboard.type('"stage"');
  await expect(find.locator('.matchesCount')).toHaveText(/^1 of \d+$/);
  await expect(find).toHaveClass(/\bvisible\b/);
  await page.keyboard.press('Escape');
  await expect(find).not.toHaveClass(/\bvisible\b/);
  // Text the flow schema refuses is underlined, and hovering says why.
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type('{}');
  await expect(page.getByTestId('json-status')).toContainText('does not match the flow schema');
  // (Schema problems are warnings in Monaco's JSON defaults; syntax errors are errors.)
  await expect(page.locator('.monaco-editor .squiggly-warning').first()).toBeAttached();
  await page.locator('.monaco-editor .view-lines span', { hasText: /^\{\}$/ }).first().hover();
  await expect(page.locator('.monaco-hover').filter({ hasText: /Missing property/ }).first()).toBeVisible();
});

test('expression editor: highlighting and field-name completion', async ({ page }) => {
  await blank(page);
  await page.getByTestId('palette-set').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 560, y: 520 } });
  await page.getByTestId('node-set1').click();
  const expr = page.getByTestId('expr-editor');
  await expect(expr.locator('.view-lines')).toContainText('scores.fit + scores.engagement');
  // Typing at the end and asking for completion offers the lead's fields and `scores.`.
  await expr.locator('.view-lines').click();
  await page.keyboard.press('End');
  // Spaces too: React Flow's pan key (Space) must not swallow them.
  await page.keyboard.type(' + ');
  await page.keyboard.press('Control+Space');
  const suggest = page.locator('.monaco-editor .suggest-widget');
  await expect(suggest).toBeVisible();
  await expect(suggest.locator('.monaco-list-row', { hasText: 'scores.' }).first()).toBeVisible();
  await page.keyboard.type('vars');
  await page.keyboard.press('Enter');
  await expect(expr.locator('.view-lines')).toContainText('scores.fit + scores.engagement + vars.');
  // The expression language's tokens are coloured: a number is not drawn like a name.
  await page.keyboard.type('x * 2');
  await expect(expr.locator('.view-lines')).toHaveText(/vars\.x\s\*\s2$/);
  const classes = await expr.locator('.view-lines span span').evaluateAll((els) => new Set(els.map((e) => e.className)).size);
  expect(classes).toBeGreaterThan(1);
});
