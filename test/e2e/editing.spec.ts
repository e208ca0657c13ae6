import { expect, test, type Page } from '@playwright/test';
import { connectPorts, openHome, shot } from './helpers.js';

async function blank(page: Page) {
  await openHome(page);
  await page.getByTestId('blank-flow').click();
  await expect(page.getByTestId('node-outcome1')).toBeVisible();
}

const nodes = (page: Page) => page.locator('.react-flow__node');

test('drag a node from the palette, connect it, undo and redo', async ({ page }) => {
  await blank(page);
  const canvas = page.getByTestId('canvas');
  await page.getByTestId('palette-gate').dragTo(canvas, { targetPosition: { x: 560, y: 520 } });
  await expect(page.getByTestId('node-gate1')).toBeVisible();
  await expect(nodes(page)).toHaveCount(3);
  // The new gate is not connected yet: its badge says so.
  await expect(page.getByTestId('badge-gate1')).toBeVisible();

  await connectPorts(page, 'gate1', 'pass', 'outcome1');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  // An outcome has no outputs, so nothing can be drawn out of it.
  await expect(page.locator('[data-testid^="port-outcome1-"]')).toHaveCount(0);
  await shot(page, 'palette-drag-connect');

  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect(nodes(page)).toHaveCount(2);
  await page.keyboard.press('Control+Shift+z');
  await expect(nodes(page)).toHaveCount(3);
  await page.keyboard.press('Meta+y');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
});

test('moving a node is one undo step', async ({ page }) => {
  await blank(page);
  const node = page.getByTestId('node-outcome1');
  const before = await node.boundingBox();
  const head = page.locator('[data-testid="node-outcome1"] .sl-head');
  const box = (await head.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + 8);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 12, box.y + 8 + i * 4);
  await page.mouse.up();
  await expect.poll(async () => (await node.boundingBox())!.x).toBeGreaterThan(before!.x + 60);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => Math.round((await node.boundingBox())!.x)).toBe(Math.round(before!.x));
});

test('copy, paste and duplicate, also into another tab', async ({ page, context }) => {
  await blank(page);
  await page.getByTestId('node-outcome1').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(page.getByTestId('node-outcome2')).toBeVisible();
  await page.keyboard.press('Control+d');
  await expect(page.getByTestId('node-outcome3')).toBeVisible();

  const other = await context.newPage();
  await openHome(other);
  await other.getByTestId('template-bant-handoff').click();
  await expect(other.getByTestId('node-bant')).toBeVisible();
  await other.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await other.keyboard.press('Control+v');
  await expect(other.getByTestId('node-outcome1')).toBeVisible();
  await expect(other.getByTestId('node-outcome1')).toContainText('stage: MQL');
});

test('raw JSON view: canvas → JSON → canvas', async ({ page }) => {
  await blank(page);
  await page.getByTestId('tab-json').click();
  const editor = page.locator('.monaco-editor .view-lines');
  await expect(editor).toContainText('"stage": "MQL"');
  await shot(page, 'json-view');
  // Change the outcome's stage in the text, the way a user would: select the word, type.
  await page.locator('.monaco-editor .view-lines span', { hasText: /^"MQL"$/ }).first().dblclick();
  await page.keyboard.type('SQL');
  await expect(page.getByTestId('json-status')).toHaveText('in sync with the canvas');
  await expect(page.getByTestId('node-outcome1')).toContainText('stage: SQL');
  // Text that breaks the schema leaves the canvas alone.
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type('{}');
  await expect(page.getByTestId('json-status')).toContainText('does not match the flow schema');
  await expect(page.getByTestId('node-outcome1')).toContainText('stage: SQL');
});

test('the inspector edits a gate condition with a field picker', async ({ page }) => {
  await openHome(page);
  await page.getByTestId('template-bant-handoff').click();
  await page.getByTestId('palette-gate').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 200, y: 300 } });
  await page.getByTestId('inspector').getByRole('button', { name: '+ rule' }).click();
  await page.getByTestId('inspector').getByLabel('Field').fill('lead.bant.budgetAmount');
  await page.getByTestId('inspector').getByLabel('Operator').selectOption({ label: 'at least' });
  await page.getByTestId('inspector').getByLabel('Value').fill('5000');
  await expect(page.getByTestId('node-gate1')).toContainText('BANT: budget amount (USD) ≥ 5000');
  await shot(page, 'inspector-gate');
});
