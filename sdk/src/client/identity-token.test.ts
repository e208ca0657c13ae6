import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createIdentityToken, verifyIdentityToken } from './identity-token.js';

const SECRET = 'idsec_test_0123456789';
const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('identity tokens', () => {
  it('is v1.<expiresAt>.<hex HMAC-SHA256 of "v1.<expiresAt>.<leadId>">, as docs/sdk.md describes for other languages', () => {
    const token = createIdentityToken(SECRET, 'ada@acme.io', { now: NOW, expiresInSeconds: 600 });
    const exp = NOW / 1000 + 600;
    const mac = createHmac('sha256', SECRET).update(`v1.${exp}.ada@acme.io`, 'utf8').digest('hex');
    expect(token).toBe(`v1.${exp}.${mac}`);
    expect(verifyIdentityToken(SECRET, token, 'ada@acme.io', NOW)).toEqual({ ok: true, expiresAt: exp });
  });

  it('holds for exactly that lead id, that secret, until it expires', () => {
    const token = createIdentityToken(SECRET, 'ada@acme.io', { now: NOW });
    expect(verifyIdentityToken(SECRET, token, 'bob@acme.io', NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyIdentityToken('another secret', token, 'ada@acme.io', NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyIdentityToken(SECRET, token, 'ada@acme.io', NOW + 3599_000).ok).toBe(true);
    expect(verifyIdentityToken(SECRET, token, 'ada@acme.io', NOW + 3600_000)).toEqual({ ok: false, reason: 'expired' });
    // A lead id with dots cannot be shifted into the expiry: the expiry is digits only.
    const dotted = createIdentityToken(SECRET, '1.x', { now: NOW });
    expect(verifyIdentityToken(SECRET, dotted, 'x', NOW).ok).toBe(false);
  });

  it('refuses other versions, a changed expiry and malformed text', () => {
    const token = createIdentityToken(SECRET, 'L1', { now: NOW });
    const [, exp, mac] = token.split('.');
    expect(verifyIdentityToken(SECRET, `v2.${exp}.${mac}`, 'L1', NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyIdentityToken(SECRET, `v1.${Number(exp) + 86400}.${mac}`, 'L1', NOW)).toEqual({ ok: false, reason: 'invalid' });
    for (const bad of ['', 'v1', `v1.${exp}`, `v1.${exp}.${mac!.toUpperCase()}`, `v1.-1.${mac}`, `v1.${exp}.${mac}x`]) {
      expect(verifyIdentityToken(SECRET, bad, 'L1', NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(verifyIdentityToken('', token, 'L1', NOW).ok).toBe(false);
    expect(() => createIdentityToken('', 'L1')).toThrow(/secret is empty/);
    expect(() => createIdentityToken(SECRET, 'L1', { expiresInSeconds: 0 })).toThrow(/positive integer/);
  });

  it('lives at most 30 days: a longer one is neither minted nor trusted, whoever signed it', () => {
    const month = 30 * 24 * 3600;
    const longest = createIdentityToken(SECRET, 'L1', { now: NOW, expiresInSeconds: month });
    expect(verifyIdentityToken(SECRET, longest, 'L1', NOW).ok).toBe(true);
    expect(() => createIdentityToken(SECRET, 'L1', { now: NOW, expiresInSeconds: month + 1 })).toThrow(/at most 2592000/);
    // Signed correctly with the secret, as a backend with its own HMAC code could: ten years ahead.
    const exp = NOW / 1000 + 10 * 365 * 86400;
    const mac = createHmac('sha256', SECRET).update(`v1.${exp}.L1`, 'utf8').digest('hex');
    expect(verifyIdentityToken(SECRET, `v1.${exp}.${mac}`, 'L1', NOW)).toEqual({ ok: false, reason: 'too_long' });
    // Five minutes of clock difference between the backend and the runtime are allowed.
    const ahead = createIdentityToken(SECRET, 'L1', { now: NOW + 240_000, expiresInSeconds: month });
    expect(verifyIdentityToken(SECRET, ahead, 'L1', NOW).ok).toBe(true);
  });
});
