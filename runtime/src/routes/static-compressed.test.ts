// The editor's precompressed files (issue 16): which copy is sent, with which headers, and that
// the variant lookup opens no way out of editor/dist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { harness, tempDir } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';
import { listen } from '../adapter/node.js';

let h: Harness;
let server: { port: number; close: () => Promise<unknown> };
let site: string;

const APP = `console.log(${JSON.stringify('x'.repeat(3000))});`;
const INDEX = `<!doctype html><title>editor</title><script type="module" src="/assets/app-AbCd1234.js"></script>${' '.repeat(2000)}`;
const SECRET = 'TOP-SECRET';

beforeAll(async () => {
  site = tempDir('sluice-site-');
  const dist = join(site, 'editor', 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  const withVariants = (file: string, body: string, which: ('br' | 'gz')[] = ['br', 'gz']) => {
    writeFileSync(file, body);
    if (which.includes('br')) writeFileSync(`${file}.br`, brotliCompressSync(body));
    if (which.includes('gz')) writeFileSync(`${file}.gz`, gzipSync(body));
  };
  withVariants(join(dist, 'index.html'), INDEX);
  withVariants(join(dist, 'assets', 'app-AbCd1234.js'), APP);
  withVariants(join(dist, 'assets', 'gzonly-AbCd1234.css'), `body{color:red}${' '.repeat(2000)}`, ['gz']);
  writeFileSync(join(dist, 'assets', 'plain.js'), 'console.log("not hashed")');
  // A compressed copy whose original is missing: nothing to serve.
  writeFileSync(join(dist, 'assets', 'orphan-AbCd1234.js.br'), brotliCompressSync(`orphan ${SECRET}`));
  // A variant that is a symlink out of dist, beside a harmless original.
  writeFileSync(join(dist, 'assets', 'linked-AbCd1234.js'), 'console.log("linked")');
  // Secrets near dist, with compressed copies of their own.
  for (const dir of [site, join(site, 'editor')]) {
    writeFileSync(join(dir, 'SECRET.txt'), SECRET);
    writeFileSync(join(dir, 'SECRET.txt.br'), brotliCompressSync(SECRET));
    writeFileSync(join(dir, 'SECRET.txt.gz'), gzipSync(SECRET));
  }
  symlinkSync(join(site, 'SECRET.txt.br'), join(dist, 'assets', 'linked-AbCd1234.js.br'));
  // A compressed copy inside dist of a file that lives outside it.
  writeFileSync(join(dist, 'SECRET.txt.br'), brotliCompressSync(SECRET));
  h = await harness({ editorDir: dist });
  server = await listen(h.app, 0, '127.0.0.1');
});
afterAll(async () => {
  await server?.close();
  await h?.close();
  rmSync(site, { recursive: true, force: true });
});

interface Raw {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Sends a request line exactly as written (no client-side normalisation), with headers. */
function raw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const s = connect(server.port, '127.0.0.1', () => {
      const lines = Object.entries({ host: '127.0.0.1', connection: 'close', ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
      s.write(`${method} ${path} HTTP/1.1\r\n${lines.join('')}\r\n`);
    });
    const chunks: Buffer[] = [];
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, split).toString('latin1').split('\r\n');
      const hs: Record<string, string> = {};
      for (const l of head.slice(1)) {
        const i = l.indexOf(':');
        const k = l.slice(0, i).toLowerCase();
        hs[k] = hs[k] ? `${hs[k]}, ${l.slice(i + 1).trim()}` : l.slice(i + 1).trim();
      }
      let body = all.subarray(split + 4);
      if (/chunked/i.test(hs['transfer-encoding'] ?? '')) {
        const parts: Buffer[] = [];
        for (let at = 0; ; ) {
          const eol = body.indexOf('\r\n', at);
          const n = parseInt(body.subarray(at, eol).toString('latin1'), 16);
          if (!n) break;
          parts.push(body.subarray(eol + 2, eol + 2 + n));
          at = eol + 2 + n + 2;
        }
        body = Buffer.concat(parts);
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head[0] ?? '')?.[1] ?? 0), headers: hs, body });
    });
    s.on('error', reject);
  });
}

/** The body as the browser would see it, decoded as its Content-Encoding says. */
function decoded(r: Raw): string {
  const enc = r.headers['content-encoding'];
  return (enc === 'br' ? brotliDecompressSync(r.body) : enc === 'gzip' ? gunzipSync(r.body) : r.body).toString('utf8');
}

describe('precompressed editor files', () => {
  it('sends the brotli copy to a browser that accepts it, with the original type and its own length', async () => {
    const r = await raw('/assets/app-AbCd1234.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(r.body.length).toBeLessThan(APP.length / 10);
    expect(decoded(r)).toBe(APP);
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers.etag).toMatch(/^"[^"]+-br"$/);
  });

  it('gzip when brotli is not accepted, the original when neither is', async () => {
    const gz = await raw('/assets/app-AbCd1234.js', { 'accept-encoding': 'gzip, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decoded(gz)).toBe(APP);
    for (const accept of [undefined, 'identity', 'deflate', 'br;q=0, gzip;q=0']) {
      const r = await raw('/assets/app-AbCd1234.js', accept ? { 'accept-encoding': accept } : {});
      expect(r.headers['content-encoding'], accept).toBeUndefined();
      expect(r.body.toString(), accept).toBe(APP);
      expect(Number(r.headers['content-length'])).toBe(APP.length);
      expect(r.headers.vary).toBe('Accept-Encoding');
    }
    // Only a gzip copy exists: a browser that takes both gets it; one that takes brotli only, the original.
    expect((await raw('/assets/gzonly-AbCd1234.css', { 'accept-encoding': 'br, gzip' })).headers['content-encoding']).toBe('gzip');
    const brOnly = await raw('/assets/gzonly-AbCd1234.css', { 'accept-encoding': 'br' });
    expect(brOnly.headers['content-encoding']).toBeUndefined();
    expect(brOnly.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('index.html and app routes: compressed, never cached without asking', async () => {
    for (const path of ['/', '/index.html', '/rulesets/demo-flow']) {
      const r = await raw(path, { 'accept-encoding': 'br' });
      expect(r.status, path).toBe(200);
      expect(r.headers['content-encoding'], path).toBe('br');
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['cache-control'], path).toBe('no-cache');
      expect(decoded(r)).toBe(INDEX);
    }
    // A file under /assets without a build hash in its name may change: it revalidates.
    expect((await raw('/assets/plain.js')).headers['cache-control']).toBe('no-cache');
  });

  it('revalidation: the ETag of each encoding answers 304 without a body', async () => {
    const first = await raw('/', { 'accept-encoding': 'br' });
    const again = await raw('/', { 'accept-encoding': 'br', 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.vary).toBe('Accept-Encoding');
    expect(again.headers['content-encoding']).toBe('br');
    // The gzip copy is other bytes: the brotli ETag does not stand for it.
    const gz = await raw('/', { 'accept-encoding': 'gzip', 'if-none-match': first.headers.etag! });
    expect(gz.status).toBe(200);
    expect(gz.headers.etag).not.toBe(first.headers.etag);
    expect((await raw('/', { 'accept-encoding': 'gzip', 'if-none-match': `W/${gz.headers.etag}` })).status).toBe(304);
  });

  it('HEAD gives the length of what GET would send', async () => {
    const r = await raw('/assets/app-AbCd1234.js', { 'accept-encoding': 'br' }, 'HEAD');
    const get = await raw('/assets/app-AbCd1234.js', { 'accept-encoding': 'br' });
    expect(r.status).toBe(200);
    expect(r.headers['content-length']).toBe(get.headers['content-length']);
    expect(r.body.length).toBe(0);
  });
});

const ATTACKS = [
  // The compressed copies asked for by name.
  '/assets/app-AbCd1234.js.br',
  '/assets/app-AbCd1234.js.gz',
  '/index.html.br',
  '/assets/app-AbCd1234.js%2ebr',
  '/assets/app-AbCd1234.js.BR',
  // A copy without its original, in dist.
  '/assets/orphan-AbCd1234.js',
  '/SECRET.txt',
  '/SECRET.txt.br',
  // Out of dist, to files whose compressed copies sit beside them.
  '/../SECRET.txt',
  '/../../SECRET.txt',
  '/%2e%2e/SECRET.txt',
  '/%2e%2e/%2e%2e/SECRET.txt',
  '/.%2e/SECRET.txt',
  '/assets/%2e%2e/%2e%2e/SECRET.txt',
  '/..%2fSECRET.txt',
  '/..%2F..%2FSECRET.txt',
  '/..\\SECRET.txt',
  '/..\\..\\SECRET.txt',
  '/assets\\..\\..\\SECRET.txt',
  '/..%5cSECRET.txt',
  '/%2e%2e%5c%2e%2e%5cSECRET.txt',
  '/%252e%252e/SECRET.txt',
  '/../SECRET.txt.br',
  '/%2e%2e/SECRET.txt.gz',
  '/SECRET.txt%00.js',
];

describe('the variant lookup opens no way out of dist', () => {
  it.each(ATTACKS)('%s', async (path) => {
    for (const accept of ['br', 'gzip', 'br, gzip', undefined]) {
      const r = await raw(path, accept ? { 'accept-encoding': accept } : {});
      let text: string;
      try {
        text = decoded(r);
      } catch {
        text = r.body.toString('latin1');
      }
      expect(text, `${path} ${accept}`).not.toContain(SECRET);
      expect(r.body.includes(brotliCompressSync(SECRET)), `${path} ${accept}`).toBe(false);
      expect(r.body.includes(gzipSync(SECRET).subarray(10)), `${path} ${accept}`).toBe(false);
      // Refused (404; 400 when Node's parser already refuses the request line) or the app's page.
      expect(r.status === 404 || r.status === 400 || (r.status === 200 && text === INDEX), `${path} ${accept}: ${r.status}`).toBe(true);
    }
  });

  it('a compressed copy that is a symlink out of dist is not followed: the original is sent', async () => {
    const r = await raw('/assets/linked-AbCd1234.js', { 'accept-encoding': 'br' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body.toString()).toBe('console.log("linked")');
  });
});

describe('/docs', () => {
  it('is served with the editor pages\' security policy', async () => {
    const r = await h.app.request('/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(r.headers.get('content-security-policy')).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });
});
