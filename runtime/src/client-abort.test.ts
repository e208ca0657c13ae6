import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './test-support/harness.js';
import { SECRET, harness } from './test-support/harness.js';

// A request whose body stops with ECONNRESET: what @hono/node-server hands the app when the
// client disconnects mid-body, or when a stop cuts a request after its grace period.
let h: Harness;
const logged: [string, string, Record<string, unknown> | undefined][] = [];
beforeAll(async () => {
  h = await harness({ log: (level, msg, fields) => logged.push([level, msg, fields]) });
});
afterAll(async () => h?.close());

describe('a client that goes away mid-request', () => {
  it('is logged as one info line without a stack, not as an unhandled error', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(ctrl) {
        ctrl.enqueue(new TextEncoder().encode('{"lead": '));
        ctrl.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      },
    });
    const res = await h.app.request('/v1/score', { method: 'POST', body, headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(400);
    const mine = logged.filter(([, , f]) => f?.requestId === res.headers.get('x-request-id'));
    expect(mine.filter(([level]) => level === 'error')).toEqual([]);
    expect(mine).toContainEqual(['info', 'the client went away during the request', { requestId: res.headers.get('x-request-id') }]);
  });
});
