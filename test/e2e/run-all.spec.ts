import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { runAllWithCases, shot } from './helpers.js';

// "Run all" runs every case of the rule set: passed and failed are listed, a failed case
// shows expected against actual for each field that differs, and the node where its path
// left the expected one is marked on the canvas.
test('run all lists every case, shows what differs in the failing one and marks where its path parts', async ({ page }) => {
  const bundled = JSON.parse(readFileSync('examples/recycle-by-reason.cases.json', 'utf8')) as { cases: { name: string; input: unknown; now: string }[] };
  const mql = bundled.cases.find((c) => c.name.startsWith('active lead'))!;
  // The MQL lead, expected (wrongly) to go back to nurture: it parts at the threshold table.
  const wrong = { name: 'expects nurture on purpose', input: mql.input, now: mql.now, expect: { outcome: { nodeId: 'nurture', stage: 'Nurture' } } };

  await runAllWithCases(page, [wrong]);

  const results = page.getByTestId('case-result');
  const total = await results.count();
  expect(total).toBeGreaterThanOrEqual(bundled.cases.length + 1);
  await expect(page.getByTestId('run-all-summary')).toHaveText(`${total - 1} of ${total} passed, 1 failed`);
  await expect(results.and(page.locator('[data-status="passed"]'))).toHaveCount(total - 1);

  const failed = results.and(page.locator('[data-status="failed"]'));
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText('expects nurture on purpose');
  const rows = failed.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'outcome.nodeId' })).toContainText('"nurture""mql"');
  await expect(rows.filter({ hasText: 'outcome.stage' })).toContainText('"Nurture""MQL"');

  // The threshold table is where the lead went to MQL instead of nurture.
  await expect(failed.getByTestId('case-parts-at')).toHaveText('Leaves its expected path at “MQL threshold (40)”');

  // Opening the failing case shows its actual path and brings the marked node into view;
  // no other node is marked.
  await failed.getByRole('button').first().click();
  await expect(page.getByTestId('result-stage')).toHaveText('MQL');
  await expect(page.getByTestId('parts-threshold')).toContainText('expects nurture on purpose');
  await expect(page.getByTestId('run-threshold')).toBeVisible();
  await expect(page.locator('[data-testid^="parts-"]')).toHaveCount(1);
  await shot(page, 'editor-run-all');
});
