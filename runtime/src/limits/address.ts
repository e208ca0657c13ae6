import { isIP } from 'node:net';
import type { Context } from 'hono';

/** What @hono/node-server puts in `c.env`: the Node request, with its socket. */
interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** An IPv6 address's first 64 bits: one subscriber usually holds a whole /64. */
function ipv6Prefix(a: string): string {
  const [head = '', tail] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '').toLowerCase()).join(':')}::/64`;
}

/** Normalises an address for bucketing: IPv4-mapped IPv6 as IPv4, IPv6 by its /64. */
export function addressKey(raw: string): string {
  const a = raw.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (v4) return v4[1]!;
  const kind = isIP(a);
  return kind === 6 ? ipv6Prefix(a) : kind === 4 ? a : 'unknown';
}

/**
 * The client's address: the socket's peer address; behind `trustedProxies` proxies (the
 * operator's SLUICE_TRUST_PROXY), the X-Forwarded-For entry the outermost trusted proxy
 * appended (the entries left of it are whatever the client sent, so never those).
 *
 * @example
 * addressOf(c, 1); // '203.0.113.9' for X-Forwarded-For: "1.2.3.4, 203.0.113.9" via one proxy
 */
export function addressOf(c: Context, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const xff = c.req.header('x-forwarded-for');
    if (xff) {
      const hops = xff.split(',').map((s) => s.trim()).filter(Boolean);
      const entry = hops[Math.max(0, hops.length - trustedProxies)];
      if (entry) return addressKey(entry);
    }
  }
  const socket = (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;
  return socket ? addressKey(socket) : 'unknown';
}
