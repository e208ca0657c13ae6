import { createHmac, timingSafeEqual } from 'node:crypto';

// The signature covers a timestamp as well as the body (`t=<unix seconds>,v1=<hex>` over
// `<t>.<body>`, the scheme Stripe uses): a captured request cannot be replayed later than the
// receiver's tolerance, and the body cannot be moved under another timestamp.

/**
 * The `x-sluice-signature` header for `body` sent at `atMs`.
 *
 * @example
 * signPayload('whsec_…', body, Date.now()); // 't=1764637200,v1=5f0c…'
 */
export function signPayload(secret: string, body: string, atMs: number): string {
  const t = Math.floor(atMs / 1000);
  return `t=${t},v1=${hmac(secret, t, body)}`;
}

function hmac(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
}

/**
 * What a receiver does with a delivery: true when one `v1` of `header` is the HMAC of
 * `<t>.<body>` and `t` is within `toleranceSec` of `nowMs` (either way). Compares in constant time.
 *
 * @example
 * if (!verifySignature(secret, req.headers['x-sluice-signature'], rawBody, Date.now())) return res.writeHead(400).end();
 */
export function verifySignature(secret: string, header: string | undefined, body: string, nowMs: number, toleranceSec = 300): boolean {
  if (!header) return false;
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowMs / 1000 - t) > toleranceSec) return false;
  const expected = Buffer.from(hmac(secret, t, body), 'hex');
  return parts.some(([k, v]) => k === 'v1' && v !== undefined && /^[0-9a-f]{64}$/.test(v) && timingSafeEqual(Buffer.from(v, 'hex'), expected));
}
