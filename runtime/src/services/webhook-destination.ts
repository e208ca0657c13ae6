import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';

// A webhook URL is written by whoever can publish a rule set, and the runtime posts to it from
// inside the operator's network: without a check, a rule set could reach the metadata service
// (169.254.169.254), an admin port on localhost or a database on 10.x. The check is made on the
// address the socket connects to (a custom `lookup`), so a name that resolves differently on
// the second query (DNS rebinding) is caught as well as every spelling of a literal address.

/** Ranges that are not the public internet: loopback, private, link-local, shared, reserved. */
const NOT_PUBLIC: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'], // "this network", 0.0.0.0 reaches localhost on Linux
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'], // link-local, cloud metadata services
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, broadcast
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['::', 96, 'ipv6'], // IPv4-compatible (deprecated)
  ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
  ['100::', 64, 'ipv6'], // discard
  ['2001:db8::', 32, 'ipv6'],
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['fec0::', 10, 'ipv6'], // site-local (deprecated)
  ['ff00::', 8, 'ipv6'], // multicast
];

const notPublic = new BlockList();
for (const [net, prefix, type] of NOT_PUBLIC) notPublic.addSubnet(net, prefix, type);

/** The eight 16-bit groups of an IPv6 address (any valid spelling, with or without a dotted tail). */
function ipv6Groups(addr: string): number[] {
  let a = addr;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (dotted?.[1]) {
    const [p, q, r, s] = dotted[1].split('.').map(Number) as [number, number, number, number];
    a = `${a.slice(0, -dotted[1].length)}${((p << 8) | q).toString(16)}:${((r << 8) | s).toString(16)}`;
  }
  const [head = '', tail] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

/**
 * The IPv4 address an IPv6 address carries, where routers would deliver it to that IPv4 host:
 * IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d), NAT64 (64:ff9b::a.b.c.d)
 * and 6to4 (2002:AABB:CCDD::).
 */
function embeddedIPv4(addr: string): string | null {
  const g = ipv6Groups(addr);
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && g[5] === 0xffff) return v4(g[6] ?? 0, g[7] ?? 0);
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return v4(g[6] ?? 0, g[7] ?? 0); // IPv4-translated (SIIT)
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return v4(g[6] ?? 0, g[7] ?? 0);
  if (g[0] === 0x2002) return v4(g[1] ?? 0, g[2] ?? 0);
  return null;
}

/**
 * Which addresses webhooks may reach: every public address, plus the operator's allowlist
 * (`SLUICE_WEBHOOK_ALLOW`, CIDR ranges or single addresses).
 *
 * @example
 * const policy = new DestinationPolicy(['127.0.0.1/32']); // tests: a receiver on loopback
 * policy.refusal('10.1.2.3'); // 'a private, loopback or link-local address'
 */
export class DestinationPolicy {
  private readonly allowed = new BlockList();

  /** @throws Error naming the entry when one is not an address or a CIDR range. */
  constructor(readonly allow: readonly string[] = []) {
    for (const entry of allow) {
      const m = /^\[?([0-9a-fA-F:.]+)\]?(?:\/(\d{1,3}))?$/.exec(entry.trim());
      const type = m?.[1] ? isIP(m[1]) : 0;
      const max = type === 4 ? 32 : 128;
      const prefix = m?.[2] === undefined ? max : Number(m[2]);
      if (!m?.[1] || type === 0 || prefix > max) throw new Error(`SLUICE_WEBHOOK_ALLOW: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, ::1/128)`);
      this.allowed.addSubnet(m[1], prefix, type === 4 ? 'ipv4' : 'ipv6');
    }
  }

  /** Why `address` (an IP literal) may not be reached, or null when it may. */
  refusal(address: string): string | null {
    const type = isIP(address);
    if (type === 0) return 'not an IP address';
    const family = type === 4 ? 'ipv4' : 'ipv6';
    if (this.allowed.check(address, family)) return null;
    const inner = type === 6 ? embeddedIPv4(address) : null;
    if (inner !== null && this.allowed.check(inner, 'ipv4')) return null;
    if (notPublic.check(address, family) || (inner !== null && notPublic.check(inner, 'ipv4'))) {
      return 'a private, loopback or link-local address (allow it with SLUICE_WEBHOOK_ALLOW)';
    }
    return null;
  }

  /**
   * A `lookup` for `http.request` that resolves as usual and hands the socket only addresses
   * the policy allows; fails with `DestinationRefused` when none is left.
   */
  lookup(): (hostname: string, options: LookupOptions, cb: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => void {
    return (hostname, options, cb) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return cb(err, []);
        const ok = addresses.filter((a) => this.refusal(a.address) === null);
        if (ok.length === 0) {
          const why = addresses[0] ? this.refusal(addresses[0].address) : 'no address';
          return cb(new DestinationRefused(`${hostname} resolves to ${why}`), []);
        }
        if (options.all) return cb(null, ok);
        const first = ok[0] as LookupAddress;
        cb(null, first.address, first.family);
      });
    };
  }
}

/** A destination the policy does not allow; delivery attempts list it without network detail. */
export class DestinationRefused extends Error {
  readonly code = 'EWEBHOOKDEST';
}

/** Splits a webhook URL into what a request needs; throws DestinationRefused for anything else. */
export function parseDestination(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DestinationRefused('not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DestinationRefused(`${url.protocol} is not http or https`);
  return url;
}
