// Identity tokens: the customer's backend vouches that a browser visitor is a given lead.
// HMAC-SHA256 over the version, the expiry and the lead id, with a secret only the backend
// and the runtime know (as Intercom's and Segment's identity verification do). Node only
// (node:crypto): this module is never part of the browser bundles.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The token format's version, the token's first segment. */
export const IDENTITY_TOKEN_VERSION = 'v1';
/** Default lifetime of a token minted by {@link createIdentityToken}: one hour. */
export const IDENTITY_TOKEN_DEFAULT_TTL_SECONDS = 3600;
/**
 * The longest lifetime a token may have: 30 days, as `POST /v1/identity-tokens` allows. Held
 * when minting and again when verifying, so a token minted elsewhere with a far expiry (a
 * leaked one would link visitors to that lead for years) is refused rather than trusted.
 */
export const IDENTITY_TOKEN_MAX_TTL_SECONDS = 30 * 24 * 3600;
/** Clock difference allowed between the minting backend and the runtime. */
const CLOCK_SLACK_SECONDS = 300;

const TOKEN = /^v1\.(\d{1,12})\.([0-9a-f]{64})$/;

/** The token's signature, lower-case hex. */
function mac(secret: string, expiresAt: number, leadId: string): string {
  return createHmac('sha256', secret).update(`${IDENTITY_TOKEN_VERSION}.${expiresAt}.${leadId}`, 'utf8').digest('hex');
}

/** Options of {@link createIdentityToken}. */
export interface IdentityTokenOptions {
  /** Lifetime in seconds from `now` (default 3600). */
  expiresInSeconds?: number;
  /** The clock, epoch milliseconds (default `Date.now()`). */
  now?: number;
}

/**
 * Mints an identity token for `leadId`, locally, from the identity secret (the runtime's
 * `SLUICE_IDENTITY_SECRET`): `v1.<expiresAt>.<hex HMAC-SHA256(secret, "v1.<expiresAt>.<leadId>")>`,
 * `expiresAt` in Unix seconds. Hand it to the page, which passes it to the embed's
 * `identify(leadId, traits, token)`; `POST /v1/identify` with a publishable key links the
 * visitor only with a valid, unexpired token for exactly that lead id.
 *
 * @example
 * import { createIdentityToken } from '@sluice/sdk/client';
 * const token = createIdentityToken(process.env.SLUICE_IDENTITY_SECRET!, user.email, { expiresInSeconds: 600 });
 * @throws Error when the secret is empty or the lifetime is not a positive whole number of seconds.
 */
export function createIdentityToken(secret: string, leadId: string, opts: IdentityTokenOptions = {}): string {
  if (!secret) throw new Error('createIdentityToken: the identity secret is empty');
  const ttl = opts.expiresInSeconds ?? IDENTITY_TOKEN_DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error(`createIdentityToken: expiresInSeconds must be a positive integer, got ${ttl}`);
  if (ttl > IDENTITY_TOKEN_MAX_TTL_SECONDS) throw new Error(`createIdentityToken: expiresInSeconds must be at most ${IDENTITY_TOKEN_MAX_TTL_SECONDS} (30 days), got ${ttl}`);
  const expiresAt = Math.floor((opts.now ?? Date.now()) / 1000) + ttl;
  return `${IDENTITY_TOKEN_VERSION}.${expiresAt}.${mac(secret, expiresAt, leadId)}`;
}

/** Why a token was refused, or `ok`. */
export type IdentityTokenCheck = { ok: true; expiresAt: number } | { ok: false; reason: 'malformed' | 'expired' | 'too_long' | 'invalid' };

/**
 * Checks an identity token for `leadId` at `now` (epoch ms): its format and version, its
 * expiry (past: `expired`; further ahead than the 30-day maximum lifetime: `too_long`), and
 * its signature, compared in constant time. A token for another lead id is `invalid`, as is one
 * signed with another secret.
 *
 * @example
 * const check = verifyIdentityToken(secret, token, 'ada@acme.io', Date.now());
 * if (!check.ok) throw new Error(`identity token ${check.reason}`);
 */
export function verifyIdentityToken(secret: string, token: string, leadId: string, now: number): IdentityTokenCheck {
  const m = TOKEN.exec(token);
  if (!m || !secret) return { ok: false, reason: 'malformed' };
  const expiresAt = Number(m[1]);
  // Checked before the signature: both answers are refusals, and expiry is not a secret.
  if (expiresAt * 1000 <= now) return { ok: false, reason: 'expired' };
  if (expiresAt * 1000 > now + (IDENTITY_TOKEN_MAX_TTL_SECONDS + CLOCK_SLACK_SECONDS) * 1000) return { ok: false, reason: 'too_long' };
  // Both are 64 lower-case hex digits here (the pattern above), so equal lengths.
  const bytes = (hex: string) => new TextEncoder().encode(hex);
  return timingSafeEqual(bytes(mac(secret, expiresAt, leadId)), bytes(m[2]!)) ? { ok: true, expiresAt } : { ok: false, reason: 'invalid' };
}
