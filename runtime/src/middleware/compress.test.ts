import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, PUBLISHABLE } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';
import { pickEncoding } from './compress.js';

let h: Harness;
afterEach(async () => h?.close());

/** The example the landing page uses: its public copy is 12.8 KB of JSON. */
const example = JSON.parse(readFileSync(new URL('../../../examples/fit-engagement-decay.flow.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const pub = (headers: Record<string, string> = {}) => h.req('GET', '/v1/rulesets/fit-engagement-decay/public', undefined, { authorization: `Bearer ${PUBLISHABLE}`, ...headers });

describe('pickEncoding', () => {
  it('prefers br, then gzip; honours q=0 and *', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip, deflate')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*;q=0, identity')).toBeNull();
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
  });
});

describe('compressed API answers', () => {
  it('the public rule set comes gzip- or brotli-compressed, byte for byte the same JSON, with a weak ETag', async () => {
    h = await harness({ examples: [example] });
    const plain = await pub();
    const text = await plain.text();
    const strong = plain.headers.get('etag')!;
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(strong).toMatch(/^"sha256:/);
    expect(plain.headers.get('vary')).toContain('Accept-Encoding');
    for (const [enc, unzip] of [['gzip', gunzipSync], ['br', brotliDecompressSync]] as const) {
      const r = await pub({ 'accept-encoding': enc });
      expect(r.headers.get('content-encoding')).toBe(enc);
      const bytes = Buffer.from(await r.arrayBuffer());
      expect(Number(r.headers.get('content-length'))).toBe(bytes.length);
      expect(text.length).toBeGreaterThan(12_000);
      expect(bytes.length).toBeLessThan(text.length / 4);
      expect(unzip(bytes).toString('utf8')).toBe(text);
      // The compressed bytes are another representation: the ETag says so (weak), same tag.
      expect(r.headers.get('etag')).toBe(`W/${strong}`);
      expect(r.headers.get('vary')).toContain('Accept-Encoding');
    }
  });

  it('revalidates with either ETag form; a 304 to a compressing client carries the weak form', async () => {
    h = await harness({ examples: [example] });
    const strong = (await pub()).headers.get('etag')!;
    const weak = (await pub({ 'accept-encoding': 'gzip' })).headers.get('etag')!;
    for (const inm of [strong, weak]) {
      const r = await pub({ 'accept-encoding': 'gzip', 'if-none-match': inm });
      expect(r.status).toBe(304);
      expect(r.headers.get('etag')).toBe(weak);
      expect(r.headers.get('content-encoding')).toBeNull();
      const p = await pub({ 'if-none-match': inm });
      expect(p.status).toBe(304);
      expect(p.headers.get('etag')).toBe(strong);
    }
  });

  it('small answers, HEAD, non-JSON and streamed NDJSON are left as they are', async () => {
    h = await harness();
    const small = await h.req('GET', '/healthz', undefined, { 'accept-encoding': 'gzip' });
    expect(small.headers.get('content-encoding')).toBeNull();
    const metrics = await h.req('GET', '/metrics', undefined, { 'accept-encoding': 'gzip' });
    expect(metrics.headers.get('content-encoding')).toBeNull();
    const batch = await h.req('POST', '/v1/score/batch', `${JSON.stringify({ ruleSet: 'demo-flow', lead: { employees: 500 } })}\n`.repeat(20), {
      'accept-encoding': 'gzip',
      'content-type': 'application/x-ndjson',
    });
    expect(batch.status).toBe(200);
    expect(batch.headers.get('content-encoding')).toBeNull();
  });

  it('scoring results of 1 KB and more are compressed too', async () => {
    h = await harness({ examples: [example] });
    const r = await h.req('POST', '/v1/score', { ruleSet: 'fit-engagement-decay', lead: { seniority: 'vp' }, trace: true, events: Array.from({ length: 40 }, (_, i) => ({ type: 'page_view', at: '2025-06-01T10:00:00Z', props: { url: `/p${i}` } })) }, { 'accept-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-encoding')).toBe('gzip');
    expect((JSON.parse(gunzipSync(Buffer.from(await r.arrayBuffer())).toString('utf8')) as { outcome: unknown }).outcome).toBeDefined();
  });
});
