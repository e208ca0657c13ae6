// Drawing as a person sees it: where new nodes land, the palette without a mouse, how a flow
// opens, the map beside the drawing, node faces that open, a table's many ports.
// Screenshots for docs/editor.md: SLUICE_DOC_SHOTS=1 (see docShot).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openHome } from './helpers.js';

const SHOTS = process.env.SLUICE_DOC_SHOTS === '1' ? 'docs/images' : 'test/output';
async function docShot(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, ...(clip ? { clip } : {}) });
}

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every node's box on screen; no two may overlap. */
async function expectNoOverlaps(page: Page) {
  const boxes = await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { id: e.getAttribute('data-id'), x: r.x, y: r.y, width: r.width, height: r.height };
  }));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i]!, boxes[j]!), `${boxes[i]!.id} overlaps ${boxes[j]!.id}`).toBe(false);
  }
  return boxes.length;
}

async function blank(page: Page) {
  await openHome(page);
  await page.getByTestId('blank-flow').click();
  await expect(page.getByTestId('node-outcome1')).toBeVisible();
}

/** The canvas zoom, from xyflow's viewport transform. */
async function zoom(page: Page): Promise<number> {
  const t = await page.locator('.react-flow__viewport').evaluate((e) => getComputedStyle(e).transform);
  return Number(/matrix\(([-\d.]+)/.exec(t)?.[1] ?? 'NaN');
}

async function within(inner: Locator, outer: Locator) {
  const a = (await inner.boundingBox())!;
  const b = (await outer.boundingBox())!;
  return a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;
}

test('the palette works by click and keyboard, and new nodes land where they cover nothing', async ({ page }) => {
  await blank(page);
  // Named for what they do; one tab stop; arrows move between kinds.
  const gate = page.getByRole('button', { name: 'Add gate node' });
  await expect(gate).toHaveAttribute('tabindex', '0');
  await gate.click();
  await gate.click();
  await expect(page.getByTestId('node-gate2')).toBeVisible();
  await gate.focus();
  await page.keyboard.press('ArrowDown');
  const score = page.getByRole('button', { name: 'Add score node' });
  await expect(score).toBeFocused();
  // The focus is visible: a ring a keyboard user can follow.
  expect(await score.evaluate((e) => getComputedStyle(e).outlineStyle)).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('node-score1')).toBeVisible();
  await score.focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('node-score2')).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await expect(gate).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.getByRole('button', { name: 'Add outcome node' })).toBeFocused();
  expect(await expectNoOverlaps(page)).toBe(6);

  // Dropped right on top of the outcome: it goes beside it instead.
  const target = (await page.getByTestId('node-outcome1').boundingBox())!;
  await page.getByTestId('palette-checklist').dragTo(page.getByTestId('canvas'), {
    targetPosition: { x: target.x - (await page.getByTestId('canvas').boundingBox())!.x + 120, y: target.y - (await page.getByTestId('canvas').boundingBox())!.y + 30 },
  });
  await expect(page.getByTestId('node-checklist1')).toBeVisible();

  // Duplicate and paste, twice each: never stacked.
  await page.getByTestId('node-gate1').click();
  await page.keyboard.press('Control+d');
  await page.keyboard.press('Control+d');
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await page.keyboard.press('Control+v');
  // Fit all in view: xyflow renders only the nodes in view.
  await page.keyboard.press('Shift+F');
  await expect(page.locator('.react-flow__node')).toHaveCount(11);
  await page.waitForTimeout(300);
  expect(await expectNoOverlaps(page)).toBe(11);
  await docShot(page, 'editor-placement');
});

test('a large flow opens readable: legible zoom, start node at the top, the map beside the drawing', async ({ page }) => {
  await openHome(page);
  await page.getByTestId('template-recycle-by-reason').click();
  const start = page.locator('.react-flow__node[data-id="start"]');
  await expect(start).toBeVisible();
  const canvas = page.getByTestId('canvas');
  await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.75);
  await expect.poll(() => within(start, canvas)).toBe(true);
  // At the top of the canvas: within its first fifth.
  const c = (await canvas.boundingBox())!;
  const s = (await start.boundingBox())!;
  expect(s.y - c.y).toBeLessThan(c.height / 5);
  // Node text is at least 8.5 screen pixels high.
  const px = await page.locator('[data-testid="node-start"] .sl-line').first().evaluate((e) => e.getBoundingClientRect().height);
  expect(px).toBeGreaterThan(8.5 * 1.2);

  // The map is outside the drawing area: it covers no part of the canvas, so no node.
  const map = page.locator('.react-flow__minimap');
  await expect(map).toBeVisible();
  expect(overlap((await map.boundingBox())!, c)).toBe(false);
  // So are the zoom buttons.
  expect(overlap((await page.locator('.react-flow__controls').boundingBox())!, c)).toBe(false);
  await docShot(page, 'editor-opens-readable');
  // It folds away.
  await page.getByTestId('flow-map').locator('summary').click();
  await expect(map).toBeHidden();
  // The map moves the view: the canvas follows a drag in it.
  await page.getByTestId('flow-map').locator('summary').click();
  const before = await page.locator('.react-flow__viewport').evaluate((e) => getComputedStyle(e).transform);
  const m = (await map.boundingBox())!;
  await page.mouse.move(m.x + m.width / 2, m.y + m.height / 2);
  await page.mouse.down();
  await page.mouse.move(m.x + m.width / 2 + 20, m.y + m.height / 2 + 20, { steps: 5 });
  await page.mouse.up();
  await expect.poll(() => page.locator('.react-flow__viewport').evaluate((e) => getComputedStyle(e).transform)).not.toBe(before);
});

test('a small flow opens whole', async ({ page }) => {
  await openHome(page);
  await page.getByTestId('template-bant-handoff').click();
  const canvas = page.getByTestId('canvas');
  for (const id of ['start', 'bant', 'handoff']) await expect.poll(() => within(page.locator(`.react-flow__node[data-id="${id}"]`), canvas)).toBe(true);
  expect(await zoom(page)).toBeGreaterThanOrEqual(0.75);
});

test('a node face opens to all its rules; one node opens, the others stay as they are', async ({ page }) => {
  await blank(page);
  await page.getByTestId('palette-score').click();
  const inspector = page.getByTestId('inspector');
  // The score's own rules list (a condition inside a rule has a "+ rule" button too).
  for (let i = 0; i < 8; i++) await inspector.getByRole('button', { name: '+ rule' }).last().click();
  const node = page.getByTestId('node-score1');
  await expect(node.locator('.sl-line')).toHaveCount(5);
  const more = page.getByTestId('more-score1');
  await expect(more).toHaveText('▾ 4 more');
  const closed = (await node.boundingBox())!.height;
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await more.click();
  await expect(node.locator('.sl-line')).toHaveCount(9);
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  expect((await node.boundingBox())!.height).toBeGreaterThan(closed + 40);
  // Opening the face did not select or move the node.
  await expect(node).not.toHaveClass(/selected/);
  await docShot(page, 'editor-node-open', await (async () => { const b = (await node.boundingBox())!; return { x: b.x - 20, y: b.y - 20, width: b.width + 40, height: b.height + 40 }; })());
  await more.click();
  await expect(node.locator('.sl-line')).toHaveCount(5);
});

test('a table\'s many port labels stay readable: no overlap, cut ones keep their name in a title', async ({ page }) => {
  await blank(page);
  await page.getByTestId('palette-table').click();
  const ports = ['hot', 'warm', 'cold', 'nurture', 'recycle_later', 'reject', 'partner_channel_enterprise', 'smb', 'other'];
  await page.getByTestId('inspector').getByLabel('Ports').fill(ports.join(', '));
  await page.getByTestId('inspector').getByLabel('Ports').blur();
  const node = page.getByTestId('node-table1');
  const labels = node.locator('.sl-port span');
  await expect(labels).toHaveCount(ports.length);
  // The node grew to give each port its slot.
  expect((await node.boundingBox())!.width).toBeGreaterThan(ports.length * 60);
  const boxes = await labels.evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }));
  for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.x).toBeGreaterThan(boxes[i - 1]!.x + boxes[i - 1]!.width);
  const long = labels.filter({ hasText: 'partner_channel_enterprise' });
  await expect(long).toHaveAttribute('title', 'partner_channel_enterprise');
  expect(await long.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
  // Laid out and brought into view whole, for the picture.
  await page.getByRole('button', { name: 'Layout' }).click();
  await expect.poll(async () => within(node, page.getByTestId('canvas'))).toBe(true);
  await page.waitForTimeout(300);
  const b = (await node.boundingBox())!;
  await docShot(page, 'editor-table-ports', { x: b.x - 20, y: b.y - 20, width: b.width + 40, height: b.height + 40 });
});
