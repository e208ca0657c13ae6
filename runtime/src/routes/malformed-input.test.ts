import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { harness, SECRET } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';
import { MAX_DEPTH } from '../body.js';

let h: Harness;
afterEach(async () => h?.close());

interface ErrorBody { error: { code: string; message: string; details?: { issues: { path: string; message: string }[] } } }

/** `{"a":{"a":…1…}}` nested `n` levels, as text (JSON.stringify itself would overflow). */
const nested = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

/** Sends raw bytes as a JSON body. */
function send(method: string, path: string, body: Uint8Array | string, type = 'application/json') {
  return h.app.request(path, { method, headers: { authorization: `Bearer ${SECRET}`, 'content-type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });
}

describe('ids', () => {
  it('an id whose bytes are not UTF-8 is a 400, in the body and in the path', async () => {
    h = await harness();
    for (const byte of [0xff, 0xfe]) {
      const body = Buffer.concat([Buffer.from('{"events":[{"id":"e1","type":"x","at":"2025-01-01T00:00:00Z","leadId":"A'), Buffer.from([byte]), Buffer.from('"}]}')]);
      const r = await send('POST', '/v1/events', body);
      expect(r.status).toBe(400);
      expect(((await r.json()) as ErrorBody).error.message).toBe('the body is not valid UTF-8');
    }
    const path = await h.json<ErrorBody>('GET', '/v1/leads/A%FF');
    expect(path.status).toBe(400);
    expect(path.body.error.message).toMatch(/not valid UTF-8/);
    expect((await h.json('GET', '/v1/leads/%ED%A0%80')).status).toBe(400); // an encoded lone surrogate
  });

  it('two different ids never become one: %FF is refused, %25FF is the lead "%FF"', async () => {
    h = await harness();
    expect((await h.json('PUT', '/v1/leads/%25FF', { lead: { employees: 1 } })).status).toBe(200);
    expect((await h.json('GET', '/v1/leads/%25FF')).status).toBe(200);
    expect((await h.json('GET', '/v1/leads/%FF')).status).toBe(400);
  });

  it('ids with lone surrogates (which storage would turn into U+FFFD) are a 400', async () => {
    h = await harness();
    for (const leadId of ['\\ud800', '\\udbff']) {
      const r = await send('POST', '/v1/identify', `{"visitorId":"v1","leadId":"${leadId}"}`);
      expect(r.status).toBe(400);
      expect(((await r.json()) as ErrorBody).error.details?.issues[0]).toEqual({ path: '/leadId', message: 'is not valid Unicode' });
    }
    expect(await h.store.leadForVisitor('v1')).toBeNull();
    // A well-formed pair is fine.
    expect((await send('POST', '/v1/identify', '{"visitorId":"v1","leadId":"L-\\ud83d\\ude00"}')).status).toBe(200);
  });
});

describe('documents nested too deep', () => {
  const deep = nested(MAX_DEPTH + 1);

  it('identify with deep traits: a 400 naming the path, and no link is made', async () => {
    h = await harness();
    const r = await send('POST', '/v1/identify', `{"visitorId":"v1","leadId":"L1","traits":{"x":${nested(20_000)}}}`);
    expect(r.status).toBe(400);
    const body = (await r.json()) as ErrorBody;
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(/nested more than 64 levels deep \(at \/traits\/x\/a\/a/);
    expect(await h.store.leadForVisitor('v1')).toBeNull();
    expect((await h.json('GET', '/v1/leads/L1')).status).toBe(404);
  });

  it('events with deep props, a deep lead and a deep draft: 400, nothing stored', async () => {
    h = await harness();
    const ev = await send('POST', '/v1/events', `{"events":[{"id":"e1","type":"x","at":"2025-01-01T00:00:00Z","leadId":"L1","props":{"x":${nested(20_000)}}}]}`);
    expect(ev.status).toBe(400);
    expect((await h.json('GET', '/v1/leads/L1')).status).toBe(404);
    const lead = await send('PUT', '/v1/leads/L2', `{"lead":{"x":${deep}}}`);
    expect(lead.status).toBe(400);
    expect((await h.json('GET', '/v1/leads/L2')).status).toBe(404);
    const draft = await send('PUT', '/v1/rulesets/demo-flow/draft', `{"id":"demo-flow","x":${nested(20_000)}}`);
    expect(draft.status).toBe(400);
    expect(existsSync(join(h.dirs.rules, 'demo-flow.flow.json'))).toBe(false);
    const score = await send('POST', '/v1/score', `{"ruleSet":"demo-flow","lead":{"x":${deep}}}`);
    expect(score.status).toBe(400);
  });

  it('the limit is exact: 64 levels of objects are taken, 65 are not', async () => {
    h = await harness();
    // The body is level 1, traits 2, and nested(n) adds n more.
    const at = (n: number) => send('POST', '/v1/identify', `{"visitorId":"v1","leadId":"L1","traits":{"x":${nested(n)}}}`);
    expect((await at(MAX_DEPTH - 2)).status).toBe(200);
    expect((await at(MAX_DEPTH - 1)).status).toBe(400);
  });
});

describe('/v1/score', () => {
  it('refuses an inline event whose at is not a date, as /v1/events does', async () => {
    h = await harness();
    for (const at of ['garbage', '2025-13-45T00:00:00Z']) {
      const r = await h.json<ErrorBody>('POST', '/v1/score', { ruleSet: 'demo-flow', lead: {}, events: [{ type: 'page_view', at: '2025-01-01T00:00:00Z' }, { type: 'demo_request', at }] });
      expect(r.status).toBe(400);
      expect(r.body.error.details?.issues).toEqual([{ path: '/events/1/at', message: 'is not a date' }]);
      const ev = await h.json<ErrorBody>('POST', '/v1/events', { events: [{ id: 'e1', type: 'x', at, leadId: 'L1' }] });
      expect(ev.status).toBe(400);
    }
  });
});

describe('/v1/score/batch', () => {
  const batch = (body: string | Uint8Array) => send('POST', '/v1/score/batch?ruleSet=demo-flow', body, 'application/x-ndjson');
  const lines = async (r: Response) => (await r.text()).trim().split('\n').map((l) => JSON.parse(l) as { line: number; error?: { code: string; message: string }; result?: unknown });

  it('names physical line numbers: blank lines count', async () => {
    h = await harness();
    const r = await batch('\n{"lead":{}}\n\r\n   \nnope\n{"lead":{},"events":[{"type":"x","at":"never"}]}\n{"lead":{"x":' + nested(MAX_DEPTH) + '}}\n');
    expect(r.status).toBe(200);
    const out = await lines(r);
    expect(out.map((l) => [l.line, l.error?.code ?? 'ok'])).toEqual([[2, 'ok'], [5, 'invalid_json'], [6, 'validation_failed'], [7, 'validation_failed']]);
    expect(out[1]?.error?.message).toMatch(/^line 5 /);
  });

  it('a line that is not UTF-8 is an error of that line only', async () => {
    h = await harness();
    const r = await batch(Buffer.concat([Buffer.from('{"lead":{"n":"\u00e9'), Buffer.from([0xff]), Buffer.from('"}}\n{"lead":{}}\n')]));
    const out = await lines(r);
    expect(out.map((l) => [l.line, l.error?.message ?? 'ok'])).toEqual([[1, 'line 1 is not valid UTF-8'], [2, 'ok']]);
  });

  it('an empty batch is a 400', async () => {
    h = await harness();
    for (const body of ['', '\n\n', '  \r\n']) {
      const r = await batch(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(((await r.json()) as ErrorBody).error.message).toMatch(/the batch is empty/);
    }
  });
});
