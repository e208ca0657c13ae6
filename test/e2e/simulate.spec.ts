// The Simulate panel as ops use it: a template, generated leads through it in the panel's
// worker, counts on every edge, a count's leads opened in the Test panel, a gate edited and
// re-simulated, compared with the published version; an uploaded CRM export with its column
// mapping. The counts the editor shows equal what the built CLI (`sluice simulate --json`)
// computes on the same data. Screenshots for docs/simulate.md: SLUICE_DOC_SHOTS=1 (see docShot).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Flow } from '@sluice/schemas';
import { iterateLeads } from '@sluice/sdk';
import { HAS_RUNTIME, KEY, openHome } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'sluice-simulate-e2e-'));
const template = JSON.parse(readFileSync('examples/waterfall-6-layer.flow.json', 'utf8')) as Flow;

// A run writes its screenshots to test/output/; the committed ones in docs/images/ change only
// when asked (SLUICE_DOC_SHOTS=1), since they show run timings and a plain test run would leave
// six modified files behind.
const SHOTS = process.env.SLUICE_DOC_SHOTS === '1' ? 'docs/images' : 'test/output';

async function docShot(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, ...(clip ? { clip } : {}) });
}

/** The flow the editor holds now (its local draft) and its id. */
async function currentFlow(page: Page): Promise<Flow> {
  const id = /#\/flow\/(.+)$/.exec(page.url())?.[1];
  const raw = await page.evaluate((key) => localStorage.getItem(key), `sluice.draft.${id}`);
  return (JSON.parse(raw ?? 'null') as { flow: Flow }).flow;
}

/** `sluice simulate --json` of the built CLI on a flow file. */
function cli(flow: Flow, args: string[]): { leads: number; edges: Record<string, number>; nodes: Record<string, { entered: number }>; stages: Record<string, number> } {
  const file = join(tmp, `${flow.id}.flow.json`);
  writeFileSync(file, JSON.stringify(flow));
  return JSON.parse(execFileSync(process.execPath, ['runtime/dist/cli.js', 'simulate', file, ...args, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/** What the canvas shows: the count on each drawn edge and each node ("1,234 in"). */
async function canvasCounts(page: Page, flow: Flow) {
  // Everything in view: the canvas draws only what is visible.
  await page.keyboard.press('Shift+F');
  const edges: Record<string, number> = {};
  for (const e of flow.edges) edges[`${e.source}.${e.sourcePort}`] = Number(/([\d,]+) \(/.exec(await page.getByTestId(`count-${e.id}`).innerText())?.[1]?.replaceAll(',', ''));
  const nodes: Record<string, number> = {};
  for (const n of flow.nodes) nodes[n.id] = Number((await page.getByTestId(`sim-${n.id}`).locator('b').innerText()).replaceAll(',', ''));
  return { edges, nodes };
}

function expectSameCounts(shown: Awaited<ReturnType<typeof canvasCounts>>, cliReport: ReturnType<typeof cli>, flow: Flow) {
  for (const e of flow.edges) expect(shown.edges[`${e.source}.${e.sourcePort}`], `edge ${e.id}`).toBe(cliReport.edges[`${e.source}.${e.sourcePort}`] ?? 0);
  for (const n of flow.nodes) expect(shown.nodes[n.id], `node ${n.id}`).toBe(cliReport.nodes[n.id]?.entered ?? 0);
}

test.beforeEach(async ({ page }) => {
  test.skip(!HAS_RUNTIME, 'needs the runtime (runtime/dist/cli.js)');
  await page.setViewportSize({ width: 1600, height: 1000 });
  await openHome(page);
});

test('simulate generated leads, open a count, edit a gate, compare with the published version; the counts equal sluice simulate', async ({ page }) => {
  test.setTimeout(180_000);
  await page.getByTestId('template-waterfall-6-layer').click();
  await page.getByTestId('publish').click();
  await page.getByLabel('Publish message').fill('as the template');
  await page.getByTestId('publish-confirm').click();
  await expect(page.getByTestId('published-version')).toHaveText('Published v1');
  await page.getByTestId('toast').click();

  await page.getByTestId('tab-simulate').click();
  await page.getByLabel('Number of leads').selectOption('10000');
  await page.getByTestId('sim-run').click();
  await expect(page.getByTestId('sim-progress')).toBeVisible();
  await expect(page.getByTestId('sim-summary')).toContainText('10,000 leads from 10,000 generated leads (seed 42)', { timeout: 120_000 });
  // Counts on every edge and every node, as `sluice simulate --generate` counts the same leads.
  const flow = await currentFlow(page);
  expectSameCounts(await canvasCounts(page, flow), cli(flow, ['--generate', '10000', '--seed', '42']), flow);
  await expect(page.getByTestId('funnel-icp')).toContainText('not_icp_fit');
  await expect(page.getByTestId('hist-research')).toBeVisible();
  await expect(page.getByTestId('threshold-research-20')).toBeVisible();
  await page.getByRole('button', { name: 'zoom in' }).click();
  await page.getByRole('button', { name: 'zoom in' }).click();
  await docShot(page, 'simulate-counts');

  // A count on the canvas lists its leads; one opens in the Test panel with its path lit.
  await page.keyboard.press('Shift+F');
  await page.getByTestId('count-signals-pass-bant').click();
  await expect(page.getByTestId('sim-leads')).toContainText('Research threshold → pass → BANT (3 of 4)');
  await docShot(page, 'simulate-lead-list');
  await page.getByTestId('sim-leads').getByRole('button', { name: 'Open' }).first().click();
  await expect(page.getByTestId('test-panel')).toBeVisible();
  await expect(page.getByTestId('run-signals')).toContainText('✓');
  await expect(page.locator('.react-flow__edge.lit')).not.toHaveCount(0);
  await page.getByTestId('lead-view-json').click();
  await expect(page.getByLabel('Input JSON')).toHaveValue(/"events"/);

  // Edit a gate: the research threshold 20 → 10. The worker re-simulates the same leads.
  const before = await page.getByTestId('count-signals-pass-bant').innerText();
  await page.getByTestId('node-signals').click();
  await page.getByTestId('inspector').getByLabel('Value').fill('10');
  await expect(page.getByTestId('count-signals-pass-bant')).not.toHaveText(before, { timeout: 60_000 });
  await expect(page.locator('.sl-sim.stale')).toHaveCount(0, { timeout: 60_000 });
  const edited = await currentFlow(page);
  expectSameCounts(await canvasCounts(page, edited), cli(edited, ['--generate', '10000', '--seed', '42']), edited);

  // Compare with published v1: who moves, and why.
  await page.getByTestId('tab-simulate').click();
  await page.getByTestId('sim-tab-compare').click();
  await expect(page.getByLabel('Published version')).toHaveValue('1');
  await page.getByTestId('sim-compare-run').click();
  await expect(page.getByTestId('sim-changed')).toContainText('of 10,000 leads change stage against published v1', { timeout: 60_000 });
  const movedToNurture = Number((await page.getByTestId('matrix-Rejected-Nurture').innerText()).replaceAll(',', ''));
  expect(movedToNurture).toBeGreaterThan(0);
  await expect(page.getByTestId('matrix-Nurture-Rejected')).toHaveText('·');
  await docShot(page, 'simulate-compare');
  await page.locator('[data-testid^="open-moved-"]').first().click();
  const pair = page.getByTestId('trace-pair');
  await expect(pair.getByTestId('trace-before').getByTestId('result-stage')).toHaveText('Rejected');
  await expect(pair.getByTestId('trace-after').getByTestId('result-stage')).not.toHaveText('Rejected');
  await expect(pair.getByTestId('trace-before')).toContainText('weak_account_signals');
  await docShot(page, 'simulate-both-traces');
  await pair.getByRole('button', { name: 'Open in Test panel' }).click();
  await expect(page.getByTestId('test-panel').getByTestId('result-stage')).not.toHaveText('Rejected');
});

test('upload a CRM export as CSV: columns mapped, bad rows listed, re-simulated after an edit; counts equal sluice simulate', async ({ page }) => {
  test.setTimeout(120_000);
  const rows = [
    'Email,Job Title,Industry,Number of Employees,Annual Revenue,Region,Intent surge,Intent updated,Notes',
    'ana@brightlane.io,VP Marketing,software,850,"12,000,000",NA,82,2025-06-01,met at a webinar',
    'bo@fintrix.com,Head of Sales,fintech,"1,200",40000000,EMEA,75,2025-06-05,',
    'cy@shopnow.com,Intern,ecommerce,60,6000000,NA,10,2025-01-01,',
    'broken row with too few fields',
    'dee@carely.com,CTO,healthcare_it,300,9000000,APAC,90,2025-06-09,outside the regions',
    'eli@acme.org,Director of Ops,professional_services,120,"7,500,000",EMEA,71,2025-06-10,"quoted, with comma"',
    'fay@tiny.io,Founder,software,8,100000,NA,95,2025-06-10,too small',
    'gus@bigco.com,CMO,software,"3,000",2000000000,NA,88,"2025-06-0',
  ];
  const file = join(tmp, 'hubspot-export.csv');
  writeFileSync(file, rows.join('\r\n') + '\r\n');
  // The file is read in the browser: nothing of it is sent anywhere.
  const sent: string[] = [];
  page.on('request', (r) => sent.push(`${r.url()} ${r.postData() ?? ''}`));
  await page.getByTestId('template-waterfall-6-layer').click();

  await page.getByTestId('tab-simulate').click();
  await page.getByTestId('sim-source-upload').click();
  await page.getByTestId('sim-file').setInputFiles(file);
  await expect(page.getByLabel('File format')).toHaveValue('csv');
  // HubSpot's column names are recognised; the intent columns are mapped by hand.
  const columns = page.getByTestId('sim-columns');
  await expect(page.getByLabel('Field for Job Title')).toHaveValue('lead.title');
  await expect(page.getByLabel('Field for Number of Employees')).toHaveValue('account.employees');
  await expect(columns).toContainText('CRM name');
  await page.getByLabel('Field for Intent surge').selectOption('account.intent.surge');
  await page.getByLabel('Field for Intent updated').selectOption('account.intent.updatedAt');
  await page.getByLabel('Field for Notes').selectOption('-');
  await page.getByLabel('Simulation now').fill('2025-06-11T14:00:00Z');
  await docShot(page, 'simulate-csv-mapping');
  await page.getByTestId('sim-run').click();
  await expect(page.getByTestId('sim-summary')).toContainText('6 leads from hubspot-export.csv');
  await expect(page.getByTestId('sim-problems')).toContainText('2 rows skipped');
  await page.getByTestId('sim-problems').locator('summary').click();
  await expect(page.getByTestId('sim-problems')).toContainText('Row 5: has 1 fields, the header has 9');
  await expect(page.getByTestId('sim-problems')).toContainText('Row 9: field 8 opens a quote that never closes');
  const map = ['--map', 'Intent surge=account.intent.surge', '--map', 'Intent updated=account.intent.updatedAt', '--map', 'Notes=-', '--now', '2025-06-11T14:00:00Z'];
  const flow = await currentFlow(page);
  expectSameCounts(await canvasCounts(page, flow), cli(flow, ['--leads', file, ...map]), flow);

  // An edit re-runs on the file already read (no new upload): the ICP gate now takes APAC too.
  await page.getByTestId('node-icp').click();
  const region = page.getByTestId('inspector').getByLabel('Value').nth(4);
  await region.fill(`${await region.inputValue()}, APAC`);
  await expect(page.locator('.sl-sim.stale')).toHaveCount(0, { timeout: 60_000 });
  const edited = await currentFlow(page);
  expect(JSON.stringify(edited)).toContain('APAC');
  await expect(async () => expectSameCounts(await canvasCounts(page, edited), cli(edited, ['--leads', file, ...map]), edited)).toPass({ timeout: 30_000 });
  await page.getByTestId('tab-simulate').click();
  await expect(page.getByTestId('sim-summary')).toContainText('6 leads from hubspot-export.csv');
  expect(sent.filter((r) => r.includes('brightlane') || r.includes('Job Title'))).toEqual([]);
});

test('grade matrix and score histograms: the heat map shows what sluice simulate counts', async ({ page }) => {
  await page.getByTestId('template-fit-engagement-decay').click();
  await page.getByTestId('tab-simulate').click();
  await page.getByLabel('Number of leads').selectOption('10000');
  await page.getByTestId('sim-run').click();
  await expect(page.getByTestId('sim-summary')).toContainText('10,000 leads', { timeout: 120_000 });
  const flow = await currentFlow(page);
  const report = cli(flow, ['--generate', '10000', '--seed', '42']) as ReturnType<typeof cli> & { grades: Record<string, number>; scores: Record<string, { thresholds: number[] }> };
  for (const [grade, n] of Object.entries(report.grades)) await expect(page.getByTestId(`grade-${grade}`)).toHaveText(n.toLocaleString('en-US'));
  for (const [name, h] of Object.entries(report.scores)) {
    await expect(page.getByTestId(`hist-${name}`)).toBeVisible();
    for (const t of h.thresholds) await expect(page.getByTestId(`threshold-${name}-${t}`)).toHaveCount(1);
  }
  await page.getByTestId('sim-grades').scrollIntoViewIfNeeded();
  const side = (await page.locator('aside.side').boundingBox())!;
  await docShot(page, 'simulate-grades-scores', side);
});

test("the runtime's stored leads with their events: the counts equal sluice simulate on the export", async ({ page, request }) => {
  const auth = { authorization: `Bearer ${KEY}` };
  // 40 leads stored through the API, each with its events.
  for (const l of iterateLeads({ count: 40, seed: 11 })) {
    expect((await request.put(`/v1/leads/stored-${l.id}`, { headers: auth, data: { lead: l.lead, ...(l.account ? { account: l.account } : {}) } })).ok()).toBe(true);
    const events = l.events.map((e) => ({ ...e, id: `stored-${l.id}-${e.id}`, leadId: `stored-${l.id}` }));
    if (events.length) expect((await request.post('/v1/events', { headers: auth, data: { events } })).ok()).toBe(true);
  }
  const exported = await (await request.get('/v1/export/leads?limit=10000', { headers: auth })).text();
  const file = join(tmp, 'export.ndjson');
  writeFileSync(file, exported);

  await page.getByTestId('template-waterfall-6-layer').click();
  await page.getByTestId('tab-simulate').click();
  await page.getByTestId('sim-source-stored').click();
  await page.getByLabel('Simulation now').fill('2025-06-11T14:00:00Z');
  await page.getByTestId('sim-run').click();
  const leads = exported.trim().split('\n').length;
  expect(leads).toBeGreaterThanOrEqual(40);
  await expect(page.getByTestId('sim-summary')).toContainText(`${leads} leads from the runtime's stored leads`);
  const flow = await currentFlow(page);
  expectSameCounts(await canvasCounts(page, flow), cli(flow, ['--leads', file, '--now', '2025-06-11T14:00:00Z']), flow);
  expect((await canvasCounts(page, flow)).edges['icp.pass']).toBeGreaterThan(0);
});

test('more than one block of generated leads is counted in helper workers: the counts equal sluice simulate', async ({ page }) => {
  test.setTimeout(120_000);
  await page.getByTestId('template-fit-engagement-decay').click();
  await page.getByTestId('tab-simulate').click();
  await page.getByLabel('Number of leads').selectOption('50000');
  await page.getByTestId('sim-run').click();
  await expect(page.getByTestId('sim-summary')).toContainText('50,000 leads from 50,000 generated leads (seed 42)', { timeout: 100_000 });
  const flow = await currentFlow(page);
  const report = cli(flow, ['--generate', '50000', '--seed', '42']);
  expectSameCounts(await canvasCounts(page, flow), report, flow);
  for (const [stage, n] of Object.entries(report.stages)) await expect(page.getByTestId(`stage-${stage}`)).toHaveText(n.toLocaleString('en-US'));
});

test('a run can be cancelled; the page stays usable and the next run starts at once', async ({ page }) => {
  await page.getByTestId('template-bant-handoff').click();
  await page.getByTestId('tab-simulate').click();
  await page.getByLabel('Number of leads').selectOption('100000');
  await page.getByTestId('sim-run').click();
  const progress = page.getByTestId('sim-progress');
  await expect(progress).toContainText(/Simulating [\d,]+ of 100,000/);
  // The page answers while the worker works: switching tabs and back.
  await page.getByTestId('tab-inspect').click();
  await page.getByTestId('tab-simulate').click();
  await page.getByTestId('sim-cancel').click();
  await expect(progress).toBeHidden();
  await expect(page.getByTestId('sim-summary')).toHaveCount(0);
  await page.getByLabel('Number of leads').selectOption('1000');
  await page.getByTestId('sim-run').click();
  await expect(page.getByTestId('sim-summary')).toContainText('1,000 leads from 1,000 generated leads (seed 42)');
});
