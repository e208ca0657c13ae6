// Versions: a published version opens read only (its rules, the test panel runs them), two
// versions' differences are marked on the canvas, one is restored as the draft after asking,
// and the URL names what is shown, so Back and Forward move between them.
// Screenshots for docs/editor.md: SLUICE_DOC_SHOTS=1 (see docShot).
import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { Flow, FlowNode } from '@sluice/schemas';
import { HAS_RUNTIME, KEY, openHome } from './helpers.js';

const SHOTS = process.env.SLUICE_DOC_SHOTS === '1' ? 'docs/images' : 'test/output';
async function docShot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

const headers = { authorization: `Bearer ${KEY}` };
const example = JSON.parse(readFileSync('examples/bant-handoff.flow.json', 'utf8')) as Flow;
const cases = JSON.parse(readFileSync('examples/bant-handoff.cases.json', 'utf8')) as { cases: { name: string; input: unknown }[] };
// Budget missing, the other three met: version 1 (3 of 4) hands off, version 2 (4 of 4) recycles.
const threeOfFour = cases.cases.find((c) => c.name.startsWith('3 of 4 without budget'))!.input;

/** v1: the example. v2: BANT needs all four; the nurture outcome gives way to a recycle outcome. */
function versions(id: string): [Flow, Flow] {
  const v1: Flow = { ...structuredClone(example), id, nodes: example.nodes.map((n) => (n.id === 'bant' ? { ...n, description: 'Asked on the discovery call' } : n)) };
  const nodes = v1.nodes
    .filter((n) => n.id !== 'nurture')
    .map((n) => (n.id === 'bant' ? ({ ...n, config: { ...n.config, min: 4 } } as FlowNode) : n));
  const recycle = { id: 'recycle', kind: 'outcome', label: 'Recycle: BANT short', position: { x: 175, y: 500 }, config: { stage: 'Recycled', reason: 'bant_short' } } as FlowNode;
  const v2: Flow = { ...v1, nodes: [...nodes, recycle], edges: [...v1.edges.filter((e) => e.target !== 'nurture'), { id: 'bant-fail-recycle', source: 'bant', sourcePort: 'fail', target: 'recycle' }] };
  return [v1, v2];
}

async function publish(request: APIRequestContext, flow: Flow, message: string): Promise<number> {
  const r = await request.post(`/v1/rulesets/${flow.id}/publish`, { headers, data: { author: 'e2e', message, flow } });
  expect(r.status(), await r.text()).toBe(201);
  return ((await r.json()) as { version: number }).version;
}

const hash = (page: Page) => new URL(page.url()).hash;

/** Where the canvas stands a node, in flow coordinates (React Flow's translate on the node). */
async function standsAt(page: Page, id: string): Promise<{ x: number; y: number }> {
  const t = await page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((el) => (el as HTMLElement).style.transform);
  const m = /translate\((-?[\d.]+)px,\s*(-?[\d.]+)px\)/.exec(t);
  if (!m) throw new Error(`node ${id} has no position (${t})`);
  return { x: Number(m[1]), y: Number(m[2]) };
}
const v1At = (id: string) => example.nodes.find((n) => n.id === id)!.position!;

test.skip(!HAS_RUNTIME, 'needs the built runtime');

test('open an old version read only, see its differences, restore it as the draft, move with Back and Forward', async ({ page, request }) => {
  const id = `versions-e2e-${Date.now().toString(36)}`;
  const [v1, v2] = versions(id);
  expect(await publish(request, v1, 'BANT 3 of 4')).toBe(1);
  expect(await publish(request, v2, 'BANT 4 of 4, recycle the rest')).toBe(2);
  // The draft moves on after v2 without being published: a new label, the hand-off node moved
  // far off, BANT's notes rewritten.
  const moved = { x: 900, y: 620 };
  const edited = {
    ...v2,
    nodes: v2.nodes.map((n) => (n.id === 'handoff' ? { ...n, label: 'Hand off to sales now', position: moved } : n.id === 'bant' ? { ...n, description: 'Rewritten in the draft' } : n)),
  };
  expect((await request.put(`/v1/rulesets/${id}/draft`, { headers, data: edited })).status()).toBe(200);

  await openHome(page);
  await page.getByTestId(`ruleset-${id}`).click();
  await expect(page.getByTestId('node-handoff')).toContainText('Hand off to sales now');
  expect(hash(page)).toBe(`#/flow/${id}`);
  expect(await standsAt(page, 'handoff')).toEqual(moved);

  // The versions, newest first, the live one marked, the draft above them.
  await page.getByTestId('tab-versions').click();
  const rows = page.getByTestId('versions-panel').locator('.versions-list li');
  await expect(rows).toHaveText([/Draft/, /v2.*live/, /v1/]);
  // Each says when and by whom it was published (the runtime's version metadata).
  await expect(rows.nth(1)).toContainText(/published \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC by e2e/);
  await expect(page.getByTestId('draft-state')).toHaveText('— changes not published yet');
  await page.getByTestId('version-1').getByRole('button', { name: 'Open' }).click();

  // Version 1, read only: its own rules on the canvas; nothing moves, the inspector is disabled.
  await expect(page.getByTestId('read-only')).toHaveText('Version 1 — read only');
  expect(hash(page)).toBe(`#/flow/${id}/v/1`);
  await expect(page.getByTestId('node-nurture')).toBeVisible();
  await expect(page.getByTestId('node-recycle')).toHaveCount(0);
  await expect(page.getByTestId('node-handoff')).toContainText('Hand off to sales');
  await expect(page.getByTestId('node-handoff')).not.toContainText('now');
  // Drawn as it was published (the runtime kept v1's drawing), not on the draft's layout.
  expect(await standsAt(page, 'handoff')).toEqual(v1At('handoff'));
  expect(await standsAt(page, 'bant')).toEqual(v1At('bant'));
  await expect(page.getByTestId('layout-note')).toHaveCount(0);
  await expect(page.getByTestId('save-status')).toHaveText('Read only');
  await expect(page.getByTestId('palette-read-only')).toHaveText('Version 1 is read only: nothing can be added.');
  await expect(page.getByTestId('palette-gate')).toHaveCount(0);
  await expect(page.getByTestId('save-draft')).toBeDisabled();
  await expect(page.getByTestId('publish')).toBeDisabled();
  // A drag on a node pans the view instead: the node keeps its place beside the others.
  const offset = async () => {
    const [a, b] = [await page.getByTestId('node-bant').boundingBox(), await page.getByTestId('node-start').boundingBox()];
    return { x: Math.round(a!.x - b!.x), y: Math.round(a!.y - b!.y) };
  };
  const before = await offset();
  const box = (await page.getByTestId('node-bant').boundingBox())!;
  await page.mouse.move(box.x + 60, box.y + 12);
  await page.mouse.down();
  await page.mouse.move(box.x + 260, box.y + 160, { steps: 8 });
  await page.mouse.up();
  expect(await offset()).toEqual(before);
  await page.getByTestId('node-handoff').click();
  await expect(page.getByTestId('read-only-note')).toBeVisible();
  await expect(page.getByLabel('Node label')).toBeDisabled();
  await page.keyboard.press('Shift+F');
  await docShot(page, 'versions-read-only');
  await page.getByTestId('tab-json').click();
  await expect(page.getByTestId('json-status')).toHaveText('Version 1 is read only');

  // Compared with version 2: nurture went, recycle came, BANT changed — with the changed setting listed.
  await page.getByTestId('compare-with').selectOption('2');
  expect(hash(page)).toBe(`#/flow/${id}/v/1/vs/2`);
  await expect(page.getByTestId('diff-legend')).toContainText('v1 → v2:1 added1 removed1 changed');
  await expect(page.locator('.react-flow__node.diff-removed[data-id="nurture"]')).toBeVisible();
  await expect(page.locator('.react-flow__node.diff-added.diff-ghost[data-id="recycle"]')).toBeVisible();
  await expect(page.locator('.react-flow__node.diff-changed[data-id="bant"]')).toBeVisible();
  await expect(page.locator('.react-flow__node.diff-changed[data-id="handoff"]')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge.diff-added')).toHaveCount(1);
  await expect(page.locator('.react-flow__edge.diff-removed')).toHaveCount(1);
  await expect(page.getByTestId('diff-list').getByTestId('diff-bant')).toContainText('setting min: 3 → 4');
  await page.getByTestId('node-bant').click();
  await expect(page.getByTestId('node-changes')).toContainText('Changed between v2 and v1');
  await expect(page.getByTestId('node-changes')).toContainText('port “fail”: → nurture became → recycle');
  await page.getByTestId('tab-versions').click();
  await page.keyboard.press('Shift+F');
  await docShot(page, 'versions-compare');

  // Back: version 1 alone; Forward: the comparison again.
  await page.goBack();
  expect(hash(page)).toBe(`#/flow/${id}/v/1`);
  await expect(page.getByTestId('diff-legend')).toHaveCount(0);
  await expect(page.locator('.react-flow__node.diff-ghost')).toHaveCount(0);
  await page.goForward();
  expect(hash(page)).toBe(`#/flow/${id}/v/1/vs/2`);
  await expect(page.locator('.react-flow__node.diff-added.diff-ghost[data-id="recycle"]')).toBeVisible();

  // The test panel runs version 1 (compared or not): three of four BANT items hand off (version 2 would recycle).
  await page.getByTestId('tab-test').click();
  await page.getByTestId('lead-view-json').click();
  await page.getByLabel('Input JSON', { exact: true }).fill(JSON.stringify(threeOfFour));
  await page.getByTestId('run-test').click();
  await expect(page.getByTestId('run-handoff')).toBeVisible();

  // Restore: the draft holds a change no version has, so the editor asks first.
  await page.getByTestId('restore').click();
  await expect(page.getByTestId('restore-ask')).toContainText('The draft has changes that no published version holds.');
  await docShot(page, 'versions-restore-ask');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('restore-ask')).toHaveCount(0);
  let draft = (await (await request.get(`/v1/rulesets/${id}/draft`, { headers })).json()) as Flow;
  expect(draft.nodes.find((n) => n.id === 'handoff')?.label).toBe('Hand off to sales now');

  await page.getByTestId('restore').click();
  await page.getByTestId('restore-confirm').click();
  await expect(page.getByTestId('toast')).toHaveText('Version 1 restored as the draft');
  expect(hash(page)).toBe(`#/flow/${id}`);
  await expect(page.getByTestId('version-banner')).toHaveCount(0);
  await expect(page.getByTestId('node-nurture')).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  draft = (await (await request.get(`/v1/rulesets/${id}/draft`, { headers })).json()) as Flow;
  expect(draft.nodes.map((n) => n.id).sort()).toEqual(['bant', 'handoff', 'nurture', 'start']);
  expect(draft.nodes.find((n) => n.id === 'bant')?.config).toMatchObject({ min: 3 });
  expect(draft.version).toBeUndefined();
  // Its own drawing came back with it: where its nodes stood, its notes.
  expect(draft.nodes.find((n) => n.id === 'handoff')?.position).toEqual(v1At('handoff'));
  expect(draft.nodes.find((n) => n.id === 'bant')?.description).toBe('Asked on the discovery call');
  expect(await standsAt(page, 'handoff')).toEqual(v1At('handoff'));

  // The restored draft is editable again, and equals version 1 (compared: no differences).
  await page.getByTestId('tab-versions').click();
  await expect(page.getByTestId('draft-state')).toHaveText('— the same rules as v1');
  await page.getByTestId('version-1').getByRole('button', { name: 'Compare' }).click();
  expect(hash(page)).toBe(`#/flow/${id}/vs/1`);
  await expect(page.getByTestId('diff-legend')).toContainText('No differences in rules');

  // Back twice: the draft, then version 1 compared with version 2 as it was.
  await page.goBack();
  expect(hash(page)).toBe(`#/flow/${id}`);
  await expect(page.getByTestId('version-banner')).toHaveCount(0);
  await page.goBack();
  expect(hash(page)).toBe(`#/flow/${id}/v/1/vs/2`);
  await expect(page.getByTestId('read-only')).toHaveText('Version 1 — read only');
});

test('a version that does not exist says so and links back to the draft', async ({ page, request }) => {
  const id = `versions-missing-${Date.now().toString(36)}`;
  await publish(request, { ...structuredClone(example), id }, 'only one');
  await openHome(page);
  await page.goto(`/#/flow/${id}/v/9`);
  await expect(page.getByTestId('open-failed')).toContainText(`Version 9 of ${id} could not be opened: rule set ${id} has no version 9`);
  await page.getByRole('link', { name: 'The draft' }).click();
  await expect(page.getByTestId('node-bant')).toBeVisible();
  expect(hash(page)).toBe(`#/flow/${id}`);
});

test('a version published before drawings were kept is laid out on the draft, and the banner says so', async ({ page, request }) => {
  const id = `versions-nodrawing-${Date.now().toString(36)}`;
  const [v1] = versions(id);
  await publish(request, v1, 'BANT 3 of 4');
  const moved = { x: 640, y: 720 };
  const draft = { ...v1, nodes: v1.nodes.map((n) => (n.id === 'handoff' ? { ...n, position: moved } : n)) };
  expect((await request.put(`/v1/rulesets/${id}/draft`, { headers, data: draft })).status()).toBe(200);
  // This runtime keeps every drawing it publishes; a version from before that is answered as
  // the runtime answers one (404, runtime/src/routes/version-flow.test.ts).
  await page.route(`**/v1/rulesets/${id}/versions/1/flow`, (route) =>
    route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'not_found', message: `${id} v1 has no stored drawing: it was published before drawings were kept` } }) }));
  await openHome(page);
  await page.goto(`/#/flow/${id}/v/1`);
  await expect(page.getByTestId('read-only')).toHaveText('Version 1 — read only');
  await expect(page.getByTestId('layout-note')).toHaveText('layout from the current draft: this version was published before drawings were kept');
  // Its rules, where the draft stands its nodes.
  expect(await standsAt(page, 'handoff')).toEqual(moved);
  await docShot(page, 'versions-no-drawing');
});
