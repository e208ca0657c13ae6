import { expect, test } from '@playwright/test';
import type { Locator } from '@playwright/test';
import { HAS_RUNTIME, KEY, openHome } from './helpers.js';

// Screenshots for docs/funnel.md: written to docs/images only with SLUICE_DOC_SHOTS=1 (as in simulate.spec.ts).
const SHOTS = process.env.SLUICE_DOC_SHOTS === '1' ? 'docs/images' : 'test/output';
const docShot = (el: Locator, name: string) => el.screenshot({ path: `${SHOTS}/${name}` });

// The Funnel tab of a rule set: leads scored into SQL by the flow and taken on by the CRM,
// shown beside the example plan (6 wins a quarter) with the gaps marked; "Use measured rates"
// drafts the next plan, saved as a draft beside the published plan, then published.
test('the Funnel tab shows plan beside actual, marks the gaps, and drafts then publishes a plan from the measured rates', async ({ page, request }) => {
  test.skip(!HAS_RUNTIME, 'needs the runtime (runtime/dist/cli.js)');
  const headers = { authorization: `Bearer ${KEY}` };
  const run = `${Date.now()}`;
  const now = new Date().toISOString();
  const lead = {
    bant: { authority: 'decision_maker', budget: 'approved', budgetAmount: 48000, need: 'confirmed', timeline: 'this_quarter' },
    email: 'priya.shah@harborlogix.com', seniority: 'director', title: 'Head of Demand Generation', pain: 'slow first touch', stakeholders: ['VP Marketing'],
  };
  // Four leads the flow hands off (SQL); the CRM books two meetings and wins one.
  for (let i = 0; i < 4; i++) {
    const r = await request.post('/v1/score', { headers, data: { ruleSet: 'bant-handoff', leadId: `f-${run}-${i}`, lead, events: [{ id: `d${i}`, type: 'demo_request', at: now, props: { form: 'book-a-demo' } }] } });
    expect(r.status()).toBe(200);
    expect(((await r.json()) as { outcome: { stage: string } }).outcome.stage).toBe('SQL');
  }
  for (const [i, body] of [[0, { id: `m-${run}-0`, stage: 'Meeting' }], [1, { id: `m-${run}-1`, stage: 'Meeting' }], [0, { id: `w-${run}-0`, stage: 'Won' }]] as const) {
    const r = await request.post(`/v1/leads/f-${run}-${i}/stage`, { headers, data: body });
    expect(r.status()).toBe(201);
  }

  await openHome(page);
  await page.getByRole('button', { name: /^BANT handoff .* bant-handoff/ }).click();
  await page.getByTestId('tab-funnel').click();
  await expect(page.getByTestId('funnel-plan')).toHaveText('Plan: 6 Won a quarter (6 new customers a quarter)');
  // SQL: 4 reached of 25 required; 2 went on to a meeting, 50 % against 80 % planned.
  const sql = page.getByTestId('funnel-row-SQL');
  await expect(sql.locator('td').nth(1)).toHaveText('25');
  await expect(sql.locator('td').nth(2)).toHaveText('4');
  await expect(sql.locator('td').nth(3)).toHaveText('80 %');
  await expect(sql.locator('td').nth(4)).toHaveText('50 %');
  await expect(sql).toContainText('below plan');
  // Meeting → Won converts above plan (50 % against 30 %), but 2 meetings are short of 20: still a gap.
  const meeting = page.getByTestId('funnel-row-Meeting');
  await expect(meeting.locator('td').nth(4)).toHaveText('50 %');
  await expect(meeting).toContainText('below plan');
  await expect(page.getByTestId('funnel-row-Won').locator('td').nth(2)).toHaveText('1');
  await expect(page.getByTestId('funnel-chart')).toBeVisible();

  // The chart: bant-handoff's only version is the example's own, with no recorded publish time: said, not drawn.
  await expect(page.getByTestId('publish-unknown')).toContainText('v1: no publish time recorded');
  await expect(page.locator('[data-testid^="publish-marker-"]')).toHaveCount(0);

  // The next plan from the measured rates: Meeting 6 ÷ 0.5 = 12, SQL 12 ÷ 0.5 = 24, MQL 24 ÷ 0.4 = 60, Lead 60 ÷ 0.15 = 400.
  await page.getByTestId('use-measured').click();
  await expect(page.getByTestId('draft-Lead')).toHaveText('Lead: 400 a quarter, 15 % to next');
  await expect(page.getByTestId('draft-SQL')).toHaveText('SQL: 24 a quarter, 50 % to next');
  // Saved as a draft: the published plan (and the table's 25 SQL) stays until it is published.
  await page.getByTestId('save-plan-draft').click();
  await expect(page.getByTestId('plan-note')).toHaveText('Draft saved as bant-handoff.plan.draft.json; the published plan is unchanged.');
  const stepsOf = async () => ((await (await request.get('/v1/rulesets/bant-handoff/plan', { headers })).json()) as { steps: { from: string; conversion: number }[] }).steps.map((s) => [s.from, s.conversion]);
  expect(await stepsOf()).toEqual([['Lead', 0.15], ['MQL', 0.4], ['SQL', 0.8], ['Meeting', 0.3]]);
  await expect(page.getByTestId('funnel-row-SQL').locator('td').nth(1)).toHaveText('25');
  // The draft survives a reload of the tab.
  await page.reload();
  await page.getByTestId('tab-funnel').click();
  await expect(page.getByTestId('plan-draft')).toContainText('saved as a draft, not published');
  await expect(page.getByTestId('draft-SQL')).toHaveText('SQL: 24 a quarter, 50 % to next');
  // A rate above 100 % is shown as a problem in words, and publishing is refused.
  await page.getByLabel('Conversion SQL to Meeting (%)').fill('150');
  await page.getByTestId('save-plan-draft').click();
  await expect(page.getByTestId('plan-draft-issues')).toContainText('SQL → Meeting conversion: must be <= 1 (a rate is between 0 % and 100 %)');
  await page.getByTestId('publish-plan').click();
  await expect(page.getByTestId('plan-note')).toContainText('Not published: the draft plan of bant-handoff is not a valid plan');
  await docShot(page.getByTestId('funnel-panel'), 'funnel-plan-draft.png');
  await page.getByLabel('Conversion SQL to Meeting (%)').fill('50');
  await page.getByTestId('publish-plan').click();
  await expect(page.getByTestId('plan-note')).toContainText('Published bant-handoff.plan.json');
  await expect(page.getByTestId('plan-draft')).toHaveCount(0);
  const saved = await request.get('/v1/rulesets/bant-handoff/plan', { headers });
  expect(saved.headers()['x-sluice-source']).toBe('rules');
  expect(await stepsOf()).toEqual([['Lead', 0.15], ['MQL', 0.4], ['SQL', 0.5], ['Meeting', 0.5]]);
  expect((await request.get('/v1/rulesets/bant-handoff/plan/draft', { headers })).status()).toBe(404);
  // The table now compares against the published plan: SQL needs 24.
  await expect(page.getByTestId('funnel-row-SQL').locator('td').nth(1)).toHaveText('24');
});

// A rule set published twice through the runtime: both publish times are recorded, and the
// chart over time marks them.
test('the Funnel chart marks the dates new versions were published', async ({ page, request }) => {
  test.skip(!HAS_RUNTIME, 'needs the runtime (runtime/dist/cli.js)');
  const headers = { authorization: `Bearer ${KEY}` };
  const id = `funnel-marks-${Date.now()}`;
  const flow = { ...((await (await request.get('/v1/rulesets/bant-handoff/draft', { headers })).json()) as Record<string, unknown>), id, name: `Funnel marks ${id.slice(-5)}` };
  for (const message of ['first', 'second']) {
    const r = await request.post(`/v1/rulesets/${id}/publish`, { headers, data: { author: 'e2e', message, flow } });
    expect(r.status()).toBe(201);
  }
  const versions = ((await (await request.get(`/v1/rulesets/${id}/versions`, { headers })).json()) as { versions: { version: number; publishedAt: string | null; author?: string }[] }).versions;
  expect(versions.map((v) => [v.version, v.author])).toEqual([[1, 'e2e'], [2, 'e2e']]);
  const today = new Date().toISOString().slice(0, 10);
  for (const v of versions) expect(v.publishedAt?.slice(0, 10)).toBe(today);

  await openHome(page);
  await page.getByRole('button', { name: new RegExp(id) }).click();
  await page.getByTestId('tab-funnel').click();
  await expect(page.getByTestId('publish-marker-v1')).toBeVisible();
  await expect(page.getByTestId('publish-marker-v2')).toBeVisible();
  await expect(page.getByTestId('publish-legend')).toHaveText(` Lines: a new version published (v1 on ${today}, v2 on ${today}).`);
  await expect(page.getByTestId('publish-unknown')).toHaveCount(0);
  await docShot(page.getByTestId('funnel-chart'), 'funnel-publish-markers.png');
});
