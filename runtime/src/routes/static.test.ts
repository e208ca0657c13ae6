import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { harness, tempDir } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';
import { listen } from '../adapter/node.js';
import { safeStaticPath } from './static.js';

let h: Harness;
let server: { port: number; close: () => Promise<unknown> };
let dist: string;

let site: string;

beforeAll(async () => {
  site = tempDir('sluice-site-');
  dist = join(site, 'editor', 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>editor</title>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(site, 'editor', 'SECRET.txt'), 'TOP-SECRET');
  writeFileSync(join(site, 'SECRET.txt'), 'TOP-SECRET');
  symlinkSync(join(site, 'SECRET.txt'), join(dist, 'link.txt'));
  h = await harness({ editorDir: dist });
  server = await listen(h.app, 0, '127.0.0.1');
});
afterAll(async () => {
  await server?.close();
  await h?.close();
  rmSync(site, { recursive: true, force: true });
});

/** Sends a request line exactly as written (no client-side normalisation). */
function raw(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const s = connect(server.port, '127.0.0.1', () => s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let data = '';
    s.on('data', (d: Buffer) => (data += d.toString('latin1')));
    s.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0), body: data.split('\r\n\r\n').slice(1).join('\r\n\r\n') }));
    s.on('error', reject);
  });
}

const ATTACKS = [
  '/../SECRET.txt',
  '/..%2fSECRET.txt',
  '/..%2F..%2FSECRET.txt',
  '/%2e%2e/SECRET.txt',
  '/%2e%2e%2fSECRET.txt',
  '/.%2e/SECRET.txt',
  '/assets/..%2f..%2fSECRET.txt',
  '/..\\SECRET.txt',
  '/..%5cSECRET.txt',
  '/assets%2f..%2f..%2fSECRET.txt',
  '/index.html%00.js',
  '/%00',
  '/link.txt',
  '//etc/passwd',
  '/%252e%252e/SECRET.txt',
  '/assets/%2e%2e/%2e%2e/SECRET.txt',
];

describe('static files at /', () => {
  it('serves the editor and falls back to index.html for app routes', async () => {
    expect((await raw('/')).body).toContain('<title>editor</title>');
    expect((await raw('/assets/app.js')).body).toBe('console.log(1)');
    expect((await raw('/rulesets/demo-flow')).body).toContain('<title>editor</title>');
    expect((await raw('/assets/missing.js')).status).toBe(404);
  });

  it.each(ATTACKS)('never reads outside editor/dist: %s', async (path) => {
    const r = await raw(path);
    expect(r.body).not.toContain('TOP-SECRET');
    expect(r.body).not.toContain('root:');
    const viaApp = await h.app.request(`http://x${path}`);
    expect(await viaApp.text()).not.toContain('TOP-SECRET');
  });

  it('safeStaticPath refuses rather than normalises', () => {
    expect(safeStaticPath('/srv/dist', '/a/b.js')).toBe('/srv/dist/a/b.js');
    for (const p of ['/../x', '/a/../../x', '/%2e%2e/x', '/a%2fb', '/a\\b', '/a%5cb', '/a%00', '/%E0%A4%A', '/.env']) expect(safeStaticPath('/srv/dist', p)).toBeNull();
  });

  it('without a built editor, / is a page listing the rule sets', async () => {
    const bare = await harness();
    try {
      const r = await bare.app.request('/');
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('demo-flow');
    } finally {
      await bare.close();
    }
  });
});

describe('ops endpoints', () => {
  it('/healthz, /readyz, /metrics, /openapi.json, /docs', async () => {
    expect(await (await h.app.request('/healthz')).json()).toEqual({ ok: true });
    const ready = (await (await h.app.request('/readyz')).json()) as { ready: boolean; ruleSets: { id: string }[] };
    expect(ready).toMatchObject({ ready: true, ruleSets: [{ id: 'demo-flow', version: 1 }] });
    await h.req('POST', '/v1/score', { ruleSet: 'demo-flow', lead: { employees: 500 } });
    await h.req('POST', '/v1/events', { events: [{ id: 'm1', type: 'x', at: 1, leadId: 'L' }] });
    const metrics = await (await h.app.request('/metrics')).text();
    expect(metrics).toContain('sluice_http_requests_total{method="POST",route="/v1/score",status="200"} 1');
    expect(metrics).toMatch(/sluice_http_request_duration_seconds_bucket\{method="POST",route="\/v1\/score",le="\+Inf"\} 1/);
    expect(metrics).toContain('sluice_scores_total{rule_set="demo-flow",stage="MQL"} 1');
    expect(metrics).toContain('sluice_events_ingested_total 1');
    expect(metrics).toContain('route="/healthz",status="200"');
    const doc = (await (await h.app.request('/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { $ref: string } }> } }>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/v1/score']?.post?.requestBody?.content['application/json']?.schema.$ref).toBe('#/components/schemas/ScoreRequest');
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['ScoreRequest', 'EventsRequest', 'RuleSet', 'EvaluationResult', 'Flow']));
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
    // Answers are described too, and every reference resolves.
    const answer = (path: string, method: string, status = '200') =>
      (doc.paths[path]?.[method] as { responses?: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> } | undefined)?.responses?.[status]?.content?.['application/json']?.schema.$ref;
    expect(answer('/v1/leads/{id}', 'get')).toBe('#/components/schemas/LeadResponse');
    expect(answer('/v1/events', 'post')).toBe('#/components/schemas/EventsResponse');
    expect(answer('/v1/rulesets/{id}/publish', 'post', '201')).toBe('#/components/schemas/PublishResponse');
    for (const [, ref] of JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas).toHaveProperty(ref!);
    const docs = await (await h.app.request('/docs')).text();
    expect(docs).toContain('/v1/score/batch');
    expect(docs).not.toMatch(/<script|https?:\/\/cdn/);
  });
});
