import { afterEach, describe, expect, it } from 'vitest';
import { validateExportedLead } from '@sluice/schemas/response-validators';
import { harness, PUBLISHABLE, SECRET } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';
import { createNdjsonReader, simulate } from '@sluice/sdk';

let h: Harness;
afterEach(async () => h?.close());

const get = (path: string, key = SECRET) => h.app.request(path, { headers: { authorization: `Bearer ${key}` } });
const lines = async (res: Response) => (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('GET /v1/export/leads', () => {
  it('pages every known lead with its events and stages, in id order, by cursor', async () => {
    h = await harness();
    await h.json('POST', '/v1/score', { ruleSet: 'demo-flow', leadId: 'L2', lead: { employees: 500 } });
    await h.json('PUT', '/v1/leads/L2', { lead: { employees: 500 }, account: { name: 'Acme' } });
    await h.json('PUT', '/v1/leads/L1', { lead: { employees: 5 } });
    // L3 is known only by its events, L4 only by a visitor linked to it
    await h.json('POST', '/v1/events', { events: [{ id: 'e1', type: 'demo_request', at: '2025-06-01T12:00:00Z', leadId: 'L3' }, { id: 'e2', type: 'page_view', at: '2025-06-01T12:00:00Z', leadId: 'L2' }] });
    await h.json('POST', '/v1/events', { events: [{ id: 'v1', type: 'page_view', at: '2025-06-01T12:00:00Z', visitorId: 'anon-1' }] });
    await h.json('POST', '/v1/identify', { visitorId: 'anon-1', leadId: 'L4' });

    const first = await get('/v1/export/leads?limit=2');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(first.headers.get('x-next-cursor')).toBe('L2');
    expect(first.headers.get('link')).toBe('</v1/export/leads?after=L2&limit=2>; rel="next"');
    const page1 = await lines(first);
    expect(page1.map((l) => l.id)).toEqual(['L1', 'L2']);
    expect(page1[1]).toMatchObject({ lead: { employees: 500 }, account: { name: 'Acme' }, events: [{ id: 'e2', type: 'page_view' }], stages: { 'demo-flow': { stage: expect.any(String), version: 1 } } });
    const second = await get('/v1/export/leads?limit=2&after=L2');
    expect(second.headers.get('x-next-cursor')).toBe('L4');
    const page2 = await lines(second);
    expect(page2.map((l) => l.id)).toEqual(['L3', 'L4']);
    expect(page2[0]).toMatchObject({ lead: {}, events: [{ id: 'e1', type: 'demo_request' }], stages: {} });
    expect(page2[1]).toMatchObject({ events: [{ id: 'v1' }] });
    const last = await get('/v1/export/leads?limit=2&after=L4');
    expect(last.headers.get('x-next-cursor')).toBeNull();
    expect(await lines(last)).toEqual([]);
    for (const l of [...page1, ...page2]) expect(validateExportedLead(l), JSON.stringify(validateExportedLead.errors)).toBe(true);
  });

  it('is a data set as it comes: the SDK reads and simulates it', async () => {
    h = await harness();
    await h.json('PUT', '/v1/leads/A', { lead: { employees: 500 } });
    await h.json('PUT', '/v1/leads/B', { lead: { employees: 5 } });
    const reader = createNdjsonReader();
    const rows = [...reader.push(await (await get('/v1/export/leads')).text()), ...reader.end()];
    expect(reader.bad.count).toBe(0);
    const rs = await h.json<import('@sluice/schemas').RuleSet>('GET', '/v1/rulesets/demo-flow/versions/1');
    const report = simulate(rs.body, rows.map((r) => r.input), { now: '2025-06-02T10:00:00Z' });
    expect(report.leads).toBe(2);
    expect(report.stages).toMatchObject({ MQL: 1, Nurture: 1 });
  });

  it('needs a secret key and a sane limit and cursor', async () => {
    h = await harness();
    expect((await h.app.request('/v1/export/leads')).status).toBe(401);
    expect((await get('/v1/export/leads', PUBLISHABLE)).status).toBe(403);
    expect((await get('/v1/export/leads?limit=0')).status).toBe(400);
    expect((await get('/v1/export/leads?limit=10001')).status).toBe(400);
    expect((await get('/v1/export/leads?limit=abc')).status).toBe(400);
    expect((await get(`/v1/export/leads?after=${'x'.repeat(300)}`)).status).toBe(400);
  });
});
