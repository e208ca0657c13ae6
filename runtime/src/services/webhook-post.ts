import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { DestinationPolicy } from './webhook-destination.js';
import { DestinationRefused, parseDestination } from './webhook-destination.js';

/** What one attempt gave: the receiver's status, or why there was none. */
export type PostOutcome =
  | { kind: 'answered'; status: number }
  | { kind: 'refused'; reason: string }
  | { kind: 'no_response'; detail: string };

/**
 * POSTs `body` to `rawUrl` through `policy`: a literal address is checked before connecting,
 * a host name by the socket's own lookup (the address actually connected to). Redirects are
 * not followed (they could lead anywhere); `timeoutMs` bounds the whole attempt, from
 * connecting to the response's headers.
 *
 * @example
 * const r = await postWebhook('https://hooks.example.com/x', headers, body, { policy, timeoutMs: 10_000 });
 */
export function postWebhook(rawUrl: string, headers: Record<string, string>, body: string, o: { policy: DestinationPolicy; timeoutMs: number }): Promise<PostOutcome> {
  let url: URL;
  try {
    url = parseDestination(rawUrl);
  } catch (e) {
    return Promise.resolve({ kind: 'refused', reason: (e as Error).message });
  }
  // The WHATWG parser has already turned 2130706433, 0x7f.1 and 017700000001 into 127.0.0.1.
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host)) {
    const why = o.policy.refusal(host);
    if (why) return Promise.resolve({ kind: 'refused', reason: `${host} is ${why}` });
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const payload = Buffer.from(body, 'utf8');
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = send(
      {
        protocol: url.protocol,
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { ...headers, 'content-length': String(payload.byteLength) },
        ...(url.username ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` } : {}),
        lookup: o.policy.lookup(),
        // One connection per attempt: a kept-alive socket would skip the lookup next time.
        agent: false,
      },
      (res) => {
        // The body is not read: only the status counts, and a receiver may send a lot.
        res.destroy();
        finish({ kind: 'answered', status: res.statusCode ?? 0 });
      },
    );
    const timer = setTimeout(() => {
      finish({ kind: 'no_response', detail: `no answer within ${o.timeoutMs} ms` });
      req.destroy();
    }, o.timeoutMs);
    req.on('error', (e) => {
      if (e instanceof DestinationRefused) finish({ kind: 'refused', reason: e.message });
      else finish({ kind: 'no_response', detail: e.message });
    });
    req.end(payload);
  });
}
