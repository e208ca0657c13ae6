import type { Hono } from 'hono';
import type { IdentityTokenResponse } from '@sluice/schemas';
import { validateIdentityTokenRequest } from '@sluice/schemas/validators';
import { createIdentityToken, IDENTITY_TOKEN_DEFAULT_TTL_SECONDS, verifyIdentityToken } from '@sluice/sdk/client';
import type { HonoEnv, Services } from '../context.js';
import { requireSecret } from '../middleware/auth.js';
import { check, readJson } from '../body.js';
import { SluiceError } from '../errors.js';

const WHY = {
  missing: 'linking a visitor to a lead with a publishable key needs an identity token for that lead, minted by your backend (docs/sdk.md#identity-tokens)',
  malformed: 'the identity token is malformed (expected v1.<expiresAt>.<hex HMAC>)',
  expired: 'the identity token has expired; mint a new one',
  too_long: 'the identity token expires more than 30 days from now, longer than any token may live; mint one with a shorter lifetime',
  invalid: 'the identity token is not valid for this lead id',
} as const;

/**
 * Throws 403 unless `token` is a valid, unexpired identity token for exactly `leadId`:
 * the proof, issued by the customer's backend, that a browser may link its visitor to that
 * lead. Without an identity secret no token can be valid.
 */
export function requireIdentityProof(s: Services, leadId: string, token: string | undefined): void {
  if (token === undefined) throw new SluiceError('forbidden', WHY.missing, { issues: [{ path: '/token', message: 'is required with a publishable key' }] });
  const r = s.identitySecret ? verifyIdentityToken(s.identitySecret, token, leadId, s.clock()) : { ok: false as const, reason: 'invalid' as const };
  if (!r.ok) throw new SluiceError('forbidden', WHY[r.reason], { issues: [{ path: '/token', message: r.reason }] });
}

/** POST /v1/identity-tokens (secret key): mints an identity token for the page to pass on. */
export function identityRoutes(app: Hono<HonoEnv>, s: Services): void {
  app.post('/v1/identity-tokens', async (c) => {
    requireSecret(c);
    const body = check<{ leadId: string; expiresInSeconds?: number }>(validateIdentityTokenRequest, await readJson(c, s.bodyLimit), 'IdentityTokenRequest');
    if (!s.identitySecret) throw new SluiceError('unavailable', 'no identity secret is configured (SLUICE_IDENTITY_SECRET)');
    const now = s.clock();
    const token = createIdentityToken(s.identitySecret, body.leadId, { now, expiresInSeconds: body.expiresInSeconds ?? IDENTITY_TOKEN_DEFAULT_TTL_SECONDS });
    const expiresAt = new Date(Number(token.split('.')[1]) * 1000).toISOString();
    return c.json<IdentityTokenResponse>({ leadId: body.leadId, token, expiresAt });
  });
}
