// Issue 11 §1: a publishable key (every visitor can read it in the page) must not be able to
// move a lead. Linking a visitor to a lead from a browser needs an identity token from the
// customer's backend.
import { afterEach, describe, expect, it } from 'vitest';
import { createIdentityToken } from '@sluice/sdk/client';
import { harness, IDENTITY_SECRET, PUBLISHABLE } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';
import { demoFlow } from '../test-support/fixtures.js';

let h: Harness;
afterEach(async () => h?.close());

const pk = { authorization: `Bearer ${PUBLISHABLE}` };
const ev = (id: string, type: string, visitorId: string) => ({ id, type, at: '2025-06-02T09:00:00Z', visitorId });
type LeadView = { ruleSets: { stage: { stage: string } | null; history: unknown[] }[]; handoffs: unknown[]; events: unknown[] };

/** A known lead (MQL under a rule set with a webhook) the attacker knows the id of. */
async function knownLead(): Promise<void> {
  h = await harness({ examples: [demoFlow('demo-flow', { webhooks: [{ url: 'http://127.0.0.1:9/crm' }] })], defaultRuleSet: 'demo-flow' });
  await h.json('PUT', '/v1/leads/ceo@victim.example', { lead: { employees: 500 } });
  const before = await h.json<LeadView>('GET', '/v1/leads/ceo@victim.example');
  expect(before.body.ruleSets[0]?.stage?.stage).toBe('MQL');
}

describe('identity tokens: linking a visitor to a lead with a publishable key', () => {
  it("the issue's attack: identify a fresh visitor with a known leadId, then send demo_request events — nothing moves", async () => {
    await knownLead();
    const deliveriesBefore = (await h.json<{ deliveries: unknown[] }>('GET', '/v1/webhooks/deliveries')).body.deliveries.length;
    const id = await h.json<{ error: { code: string; details: { issues: { path: string }[] } } }>('POST', '/v1/identify', { visitorId: 'attacker-1', leadId: 'ceo@victim.example' }, pk);
    expect(id.status).toBe(403);
    expect(id.body.error.details.issues[0]?.path).toBe('/token');
    // A made-up token, a token for another lead and a token signed with another secret fare no better.
    const forged = [
      'v1.9999999999.' + '0'.repeat(64),
      createIdentityToken(IDENTITY_SECRET, 'attacker@evil.example', { now: h.clock.now }),
      createIdentityToken('some other secret', 'ceo@victim.example', { now: h.clock.now }),
      'not a token',
    ];
    for (const token of forged) {
      expect((await h.json('POST', '/v1/identify', { visitorId: 'attacker-1', leadId: 'ceo@victim.example', token }, pk)).status).toBe(403);
    }
    const sent = await h.json('POST', '/v1/events', { events: [ev('x1', 'demo_request', 'attacker-1'), ev('x2', 'demo_request', 'attacker-1')] }, pk);
    expect(sent.status).toBe(200);

    const after = await h.json<LeadView>('GET', '/v1/leads/ceo@victim.example');
    expect(after.body.ruleSets[0]?.stage?.stage).toBe('MQL');
    expect(after.body.ruleSets[0]?.history).toHaveLength(1);
    expect(after.body.handoffs).toEqual([]);
    expect(after.body.events).toEqual([]);
    expect((await h.json<{ deliveries: unknown[] }>('GET', '/v1/webhooks/deliveries')).body.deliveries).toHaveLength(deliveriesBefore);
  });

  it('with a token from POST /v1/identity-tokens the visitor is linked and its events count for the lead', async () => {
    await knownLead();
    const minted = await h.json<{ leadId: string; token: string; expiresAt: string }>('POST', '/v1/identity-tokens', { leadId: 'ceo@victim.example', expiresInSeconds: 600 });
    expect(minted.status).toBe(200);
    expect(minted.body).toEqual({ leadId: 'ceo@victim.example', token: expect.stringMatching(/^v1\.\d+\.[0-9a-f]{64}$/), expiresAt: new Date(h.clock.now + 600_000).toISOString() });
    // The Node client's helper computes the same token locally from the secret.
    expect(createIdentityToken(IDENTITY_SECRET, 'ceo@victim.example', { now: h.clock.now, expiresInSeconds: 600 })).toBe(minted.body.token);

    const id = await h.json('POST', '/v1/identify', { visitorId: 'real-visitor', leadId: 'ceo@victim.example', token: minted.body.token }, pk);
    expect(id.status).toBe(200);
    expect(id.body).toEqual({ visitorId: 'real-visitor', linked: true });
    await h.json('POST', '/v1/events', { events: [ev('r1', 'demo_request', 'real-visitor')] }, pk);
    const lead = await h.json<LeadView>('GET', '/v1/leads/ceo@victim.example');
    expect(lead.body.ruleSets[0]?.stage?.stage).toBe('SQL');
    expect(lead.body.handoffs).toHaveLength(1);
  });

  it('an expired token is refused; a token is no key for the secret-key routes', async () => {
    await knownLead();
    const token = createIdentityToken(IDENTITY_SECRET, 'ceo@victim.example', { now: h.clock.now, expiresInSeconds: 60 });
    h.clock.now += 60_000;
    const r = await h.json<{ error: { message: string } }>('POST', '/v1/identify', { visitorId: 'late', leadId: 'ceo@victim.example', token }, pk);
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/expired/);
    expect((await h.json('POST', '/v1/identity-tokens', { leadId: 'ceo@victim.example' }, pk)).status).toBe(403);
    expect((await h.json('POST', '/v1/identity-tokens', { leadId: 'x', expiresInSeconds: 0 })).status).toBe(400);
    expect((await h.json('POST', '/v1/identity-tokens', { leadId: 'x', expiresInSeconds: 31 * 86400 })).status).toBe(400);
  });

  it('without an identity secret no token is valid and none can be minted', async () => {
    h = await harness({ identitySecret: undefined });
    const token = createIdentityToken(IDENTITY_SECRET, 'L1');
    expect((await h.json('POST', '/v1/identify', { visitorId: 'v', leadId: 'L1', token }, pk)).status).toBe(403);
    expect((await h.json('POST', '/v1/identity-tokens', { leadId: 'L1' })).status).toBe(503);
  });

  it('a secret key links without a token, as before', async () => {
    await knownLead();
    expect((await h.json('POST', '/v1/identify', { visitorId: 'crm-sync', leadId: 'ceo@victim.example' })).status).toBe(200);
  });
});
