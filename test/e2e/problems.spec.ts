// Problems as a revenue-operations person reads them: every one at once, the node named by its
// label, a sentence without JSON pointers or patterns (those in a small details line), and
// "show on canvas" bringing a node into view even when it was never drawn yet.
import { expect, test, type Page } from '@playwright/test';
import type { Flow } from '@sluice/schemas';
import { openHome } from './helpers.js';

const SHOTS = process.env.SLUICE_DOC_SHOTS === '1' ? 'docs/images' : 'test/output';

/** Opens a copy of the waterfall template, changes its flow with `edit`, and opens it again. */
async function openEdited(page: Page, edit: (f: Flow) => void): Promise<void> {
  await openHome(page);
  await page.getByTestId('template-waterfall-6-layer').click();
  await expect(page.getByTestId('node-icp')).toBeVisible();
  const id = /#\/flow\/(.+)$/.exec(page.url())![1]!;
  const key = `sluice.draft.${id}`;
  const draft = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), key))!) as { flow: Flow; saved: boolean; at: number };
  edit(draft.flow);
  await page.evaluate(([k, v]) => localStorage.setItem(k!, v!), [key, JSON.stringify({ ...draft, saved: false })]);
  await page.reload();
  await expect(page.getByTestId('node-icp')).toBeVisible();
}

test('every problem at once, in plain words, and each one leads to its node', async ({ page }) => {
  await openEdited(page, (f) => {
    const research = f.nodes.find((n) => n.id === 'research') as Extract<Flow['nodes'][number], { kind: 'score' }>;
    // A number typed as words: the schema refuses it.
    (research.config.rules[0] as unknown as { points: unknown }).points = 'fifteen';
    // A reason code with spaces and capitals: refused by a pattern.
    (f.nodes.find((n) => n.id === 'icp') as Extract<Flow['nodes'][number], { kind: 'gate' }>).config.reason = 'Not ICP!';
    // The last handoff loses its way in: a wiring problem at the bottom of the flow.
    f.edges = f.edges.filter((e) => e.id !== 'priority-standard-handoff');
  });
  await page.getByTestId('tab-problems').click();
  const problems = page.getByTestId('problem');
  // The schema's two and the wiring's two (the table's open port, the unreachable handoff), together.
  await expect(problems).toHaveCount(4);
  const texts = await page.locator('.problem-text').allInnerTexts();
  for (const t of texts) {
    expect(t).not.toMatch(/\/nodes\/|\/config\/|\^|\$|\[a-z|\(E\d{3}\)/);
  }
  await expect(problems.filter({ hasText: 'Score “Account research”' })).toContainText('Rule “CRM we integrate with (Salesforce or HubSpot)” › points must be a number.');
  await expect(problems.filter({ hasText: 'Gate “ICP fit”' })).toContainText('Reason code may use lower-case letters, digits');
  await expect(problems.filter({ hasText: 'Table “Hot or standard handoff”' })).toContainText('Port “standard” is not connected');
  const handoff = problems.filter({ hasText: 'Outcome “Handoff to sales (2 business days)”' });
  await expect(handoff).toContainText('This node is not reachable from the start node.');
  // The pointer and the schema's own words are still there, in the details line.
  await expect(problems.filter({ hasText: 'Gate “ICP fit”' }).locator('.problem-details')).toContainText('/nodes/1/config/reason');
  await expect(problems.filter({ hasText: 'Gate “ICP fit”' }).locator('.problem-details')).toContainText('must match pattern');
  await page.screenshot({ path: `${SHOTS}/editor-problems.png` });

  // The handoff sits at the bottom: at the opening zoom it was never drawn.
  const node = page.locator('.react-flow__node[data-id="handoff"]');
  await expect(node).toHaveCount(0);
  await handoff.click();
  await expect(node).toBeVisible();
  const c = (await page.getByTestId('canvas').boundingBox())!;
  await expect.poll(async () => {
    const b = (await node.boundingBox())!;
    return b.x >= c.x && b.y >= c.y && b.x + b.width <= c.x + c.width && b.y + b.height <= c.y + c.height;
  }).toBe(true);
  await expect(page.getByTestId('inspector')).toContainText('Handoff to sales (2 business days)');
  // The node's badge and the inspector speak the same words.
  await expect(page.getByTestId('inspector').locator('.issues')).toContainText('This node is not reachable from the start node.');
});
