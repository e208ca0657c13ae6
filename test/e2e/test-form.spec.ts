// The test panel's lead form: built from the start node's fields (selects for allowed values,
// date pickers, events with a type and a time), the JSON view a second view of the same lead,
// and the SLA due time read in the SLA's time zone with UTC in the tooltip.
// Screenshots for docs/editor.md: SLUICE_DOC_SHOTS=1 writes them to docs/images.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openHome, runAllWithCases } from './helpers.js';

const SHOTS = process.env.SLUICE_DOC_SHOTS === '1' ? 'docs/images' : 'test/output';

/** The editor with the whole test panel in view (a tall window), for docs/editor.md. */
async function docShot(page: Page, name: string) {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 1280, height: 1100 });
  await page.getByTestId('test-panel').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
  await page.setViewportSize(size);
}

/** The lead the JSON view shows now. */
async function jsonLead(page: Page): Promise<{ lead: Record<string, unknown>; events?: { type: string; at: string }[] }> {
  await page.getByTestId('lead-view-json').click();
  const value = JSON.parse(await page.getByLabel('Input JSON', { exact: true }).inputValue());
  await page.getByTestId('lead-view-form').click();
  return value;
}

test('the lead form: a select, a date and a new event change the outcome; the JSON view shows the same lead', async ({ page }) => {
  await openHome(page);
  await page.getByTestId('template-recycle-by-reason').click();
  await page.getByTestId('tab-test').click();

  // A picked case fills the form: its allowed values in selects, its dates in pickers (UTC).
  await page.getByLabel('Case', { exact: true }).selectOption({ label: 'sent back: too early → education track' });
  const reason = page.getByLabel('Send-back reason', { exact: true });
  await expect(reason.locator('option:checked')).toHaveText('too_early');
  await expect(page.getByLabel('Seniority', { exact: true }).locator('option:checked')).toHaveText('director');
  await expect(page.getByLabel('Last CRM activity', { exact: true })).toHaveValue('2025-06-03T14:00');
  // What the start node does not declare is kept and shown, not dropped.
  await expect(page.getByTestId('form-other')).toContainText('lead.title');
  await expect(page.getByLabel('lead.title', { exact: true })).toHaveValue('Director of Sales Operations');
  await page.getByTestId('run-test').click();
  await expect(page.getByTestId('result-stage')).toHaveText('Nurture');

  // No send-back reason, recent CRM activity, a demo request yesterday: re-scored to MQL.
  await reason.selectOption({ label: '(not set)' });
  await page.getByLabel('Last CRM activity', { exact: true }).fill('2025-06-09T09:30');
  await page.getByTestId('add-event').click();
  await page.getByLabel('Event 1 type', { exact: true }).selectOption({ label: 'demo_request' });
  await page.getByLabel('Event 1 time', { exact: true }).fill('2025-06-10T16:00');
  await page.getByTestId('run-test').click();
  await expect(page.getByTestId('result-stage')).toHaveText('MQL');
  await expect(page.locator('.react-flow__edge.lit')).not.toHaveCount(0);

  // The SLA: 2 business days from Wednesday 10:00 in New York, read there; UTC in the tooltip.
  const due = page.getByTestId('result-due').locator('time');
  await expect(due).toHaveText(/^Fri, Jun 13, 2025, 10:00\sAM EDT America\/New_York$/);
  await expect(due).toHaveAttribute('title', '2025-06-13T14:00:00.000Z (UTC)');
  await expect(page.getByTestId('result-handoff')).toHaveText('to sdr');
  await docShot(page, 'editor-test-form');

  // The JSON view holds the same lead: the edits, and the fields the form has no control for.
  const lead = await jsonLead(page);
  expect(lead.lead).toEqual({
    id: 'lead-omar-haddad',
    email: 'omar.haddad@fernbrook.io',
    lastActivityAt: '2025-06-09T09:30:00.000Z',
    sendBack: { at: '2025-06-03T14:00:00.000Z' },
    seniority: 'director',
    title: 'Director of Sales Operations',
  });
  expect(lead.events).toEqual([{ type: 'demo_request', at: '2025-06-10T16:00:00.000Z' }]);

  // An edit in the JSON view shows in the form, and re-runs the lead.
  await page.getByTestId('lead-view-json').click();
  const json = page.getByLabel('Input JSON', { exact: true });
  await json.fill(JSON.stringify({ ...lead, lead: { ...lead.lead, seniority: 'vp', unsubscribed: true } }, null, 2));
  await expect(page.getByTestId('json-error')).toHaveCount(0);
  await expect(page.getByTestId('result-stage')).toHaveText('Rejected');
  await page.getByTestId('lead-view-form').click();
  await expect(page.getByLabel('Seniority', { exact: true }).locator('option:checked')).toHaveText('vp');
  await expect(page.getByLabel('Unsubscribed from marketing email', { exact: true })).toBeChecked();
  await expect(page.getByLabel('Event 1 type', { exact: true }).locator('option:checked')).toHaveText('demo_request');
  await expect(page.getByLabel('Event 1 time', { exact: true })).toHaveValue('2025-06-10T16:00');

  // JSON that does not parse, or does not fit a lead, says so; the form keeps the last good lead.
  await page.getByTestId('lead-view-json').click();
  const broken = (await json.inputValue()).replace('"vp"', '"c_level",,');
  await json.fill(broken);
  await expect(page.getByTestId('json-error')).toContainText('The JSON does not parse');
  await expect(page.getByTestId('json-error')).toContainText('The form keeps the last good lead.');
  await page.getByTestId('run-test').click();
  await expect(page.getByTestId('test-panel')).toContainText('Not run: the JSON above needs fixing first.');
  await docShot(page, 'editor-test-json-error');
  await page.getByTestId('lead-view-form').click();
  await expect(page.getByTestId('form-stale')).toContainText('does not parse');
  await expect(page.getByLabel('Seniority', { exact: true }).locator('option:checked')).toHaveText('vp');
  // Nothing typed is lost either: the JSON view still holds the broken text to fix.
  await page.getByTestId('lead-view-json').click();
  await expect(json).toHaveValue(broken);
  await json.fill('{"lead": {"email": "a@b.co"}, "score": 80}');
  await expect(page.getByTestId('json-error')).toHaveText('The JSON does not fit a lead: "score" is not part of a lead (only lead, events and account are). The form keeps the last good lead.');
  await page.getByTestId('lead-view-form').click();
  await expect(page.getByTestId('form-stale')).toContainText('does not fit a lead');
  await expect(page.getByLabel('Seniority', { exact: true }).locator('option:checked')).toHaveText('vp');
  await page.getByTestId('lead-view-json').click();

  // Fixed text is the lead again, in both views.
  await json.fill('{"lead": {"email": "a@b.co", "seniority": "manager"}, "events": []}');
  await expect(page.getByTestId('json-error')).toHaveCount(0);
  await page.getByTestId('lead-view-form').click();
  await expect(page.getByTestId('form-stale')).toHaveCount(0);
  await expect(page.getByLabel('Seniority', { exact: true }).locator('option:checked')).toHaveText('manager');
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue('a@b.co');
  await expect(page.getByTestId('form-event')).toHaveCount(0);
});

// An event row edits type, time and the props the rules read; what it does not show (the
// event's id) stays on the event. A number field writes a number.
test('event rows keep what they do not show; a number field writes a number', async ({ page }) => {
  await openHome(page);
  await page.getByTestId('template-fit-engagement-decay').click();
  await page.getByTestId('tab-test').click();
  await page.getByLabel('Case', { exact: true }).selectOption({ label: 'A1: VP at a target SaaS company with a fresh demo request → SQL' });
  await expect(page.getByTestId('form-event')).toHaveCount(9);
  await expect(page.getByTestId('form-event').first()).toContainText('id "ev-0001"');
  await expect(page.getByLabel('Event 2 url', { exact: true })).toHaveValue('/pricing');

  await page.getByLabel('Event 1 type', { exact: true }).selectOption({ label: 'pricing_view' });
  await page.getByLabel('Event 1 url', { exact: true }).fill('/pricing/enterprise');
  await page.getByLabel('Remove event 2', { exact: true }).click();
  await page.getByLabel('Employees', { exact: true }).fill('40');

  const lead = await jsonLead(page);
  expect(lead.events).toHaveLength(8);
  expect(lead.events?.[0]).toEqual({ id: 'ev-0001', at: '2025-06-09T14:00:00.000Z', type: 'pricing_view', props: { url: '/pricing/enterprise' } });
  expect(lead.events?.[1]).toMatchObject({ id: 'ev-0003' });
  expect((lead as { account?: { employees?: unknown } }).account?.employees).toBe(40);
});

// Run all reads a due time that differs in the SLA's zone too, on both sides.
test('run all shows an SLA due time that differs in the SLA time zone, UTC in the tooltip', async ({ page }) => {
  const bundled = JSON.parse(readFileSync('examples/recycle-by-reason.cases.json', 'utf8')) as { cases: { name: string; input: unknown; now: string }[] };
  const mql = bundled.cases.find((c) => c.name.startsWith('active lead'))!;
  // The right due time is Friday 10:00 in New York (14:00 UTC); this case expects Thursday.
  const wrong = { name: 'expects Thursday on purpose', input: mql.input, now: mql.now, expect: { outcome: { nodeId: 'mql', actions: { handoff: { dueAt: '2025-06-12T14:00:00.000Z' } } } } };
  await runAllWithCases(page, [wrong]);

  const failed = page.getByTestId('case-result').and(page.locator('[data-status="failed"]'));
  await expect(failed).toHaveCount(1);
  const row = failed.locator('tbody tr', { hasText: 'outcome.actions.handoff.dueAt' });
  const [expected, actual] = [row.locator('td').nth(1).locator('time'), row.locator('td').nth(2).locator('time')];
  await expect(expected).toHaveText(/^Thu, Jun 12, 2025, 10:00\sAM EDT America\/New_York$/);
  await expect(expected).toHaveAttribute('title', '2025-06-12T14:00:00.000Z (UTC)');
  await expect(actual).toHaveText(/^Fri, Jun 13, 2025, 10:00\sAM EDT America\/New_York$/);
  await expect(actual).toHaveAttribute('title', '2025-06-13T14:00:00.000Z (UTC)');
});
