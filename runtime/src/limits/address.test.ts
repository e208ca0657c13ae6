import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { addressKey, addressOf } from './address.js';

async function seen(trusted: number, socket: string | undefined, xff?: string): Promise<string> {
  const app = new Hono();
  app.get('/', (c) => c.text(addressOf(c, trusted)));
  const res = await app.request('/', { headers: xff ? { 'x-forwarded-for': xff } : {} }, socket ? { incoming: { socket: { remoteAddress: socket } } } : undefined);
  return res.text();
}

describe('the client address', () => {
  it('is the socket address; X-Forwarded-For only counts when the operator trusts a proxy', async () => {
    expect(await seen(0, '203.0.113.9', '1.2.3.4')).toBe('203.0.113.9');
    expect(await seen(0, undefined)).toBe('unknown');
    // One trusted proxy: the entry it appended (the rightmost), never what the client wrote before it.
    expect(await seen(1, '10.0.0.2', '1.2.3.4, 203.0.113.9')).toBe('203.0.113.9');
    expect(await seen(2, '10.0.0.2', '1.2.3.4, 203.0.113.9, 10.0.0.1')).toBe('203.0.113.9');
    expect(await seen(1, '10.0.0.2')).toBe('10.0.0.2');
  });

  it('groups IPv6 by /64 and reads IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('[2001:0db8:0001:0002::1]')).toBe('2001:db8:1:2::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('not an address')).toBe('unknown');
  });
});
