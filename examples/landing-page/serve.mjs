// A tiny server for the example: the page at /, the built SDK (sdk/dist) at /sdk/, under the
// strict Content-Security-Policy docs/sdk.md recommends (no inline scripts or styles, no eval;
// requests only to this origin and the runtime). The runtime URL, the publishable key and the
// rule set are written into the script tag as the page is served. It also plays the site's
// backend: POST /identity-token mints the identity token the embed's identify needs (with the
// runtime's identity secret, which never reaches the browser).
//   pnpm --filter @sluice/sdk build
//   node examples/landing-page/serve.mjs --endpoint http://127.0.0.1:8787 --key pk_... \
//     [--identity-secret <SLUICE_IDENTITY_SECRET, or identitySecret in .data/dev-keys.json>] [--port 8080]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIdentityToken } from '../../sdk/dist/client/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const sdkDist = fileURLToPath(new URL('../../sdk/dist/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json' };

/** The CSP of docs/sdk.md: scripts from this origin only, requests to it and to the runtime. */
export const cspFor = (endpoint) => `default-src 'self'; script-src 'self'; connect-src 'self' ${new URL(endpoint).origin}`;

/**
 * POST /identity-token { leadId } → { token }: the site's backend vouching for the visitor.
 * This example trusts the form it just received, as a lead-capture backend does when it
 * creates the lead; a site with accounts mints tokens for the signed-in user only.
 */
async function identityToken(req, res, secret) {
  let body = '';
  for await (const chunk of req) if ((body += chunk).length > 4096) return void res.writeHead(413).end();
  let leadId;
  try {
    leadId = JSON.parse(body).leadId;
  } catch {
    leadId = undefined;
  }
  if (!secret) return void res.writeHead(404).end('no identity secret configured (--identity-secret)');
  if (typeof leadId !== 'string' || leadId === '') return void res.writeHead(400).end('leadId is required');
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ token: createIdentityToken(secret, leadId, { expiresInSeconds: 3600 }) }));
}

/**
 * Starts the server; resolves with its origin and a close function. `ruleSet` replaces the
 * tag's data-rule-set (tests try a wrong one).
 */
export function startLandingServer({ port = 0, host = '127.0.0.1', endpoint, key, ruleSet, identitySecret }) {
  const csp = cspFor(endpoint);
  const server = createServer(async (req, res) => {
    if (req.method === 'POST' && req.url === '/identity-token') return identityToken(req, res, identitySecret);
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    // No favicon: a 204 keeps the browser from logging a 404.
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const [root, rel] = path.startsWith('/sdk/') ? [sdkDist, path.slice(5)] : [here, path === '/' ? 'index.html' : path.slice(1)];
    const file = normalize(join(root, rel));
    if (!file.startsWith(root) || rel.includes('..') || rel.endsWith('.mjs')) return void res.writeHead(404).end('not found');
    try {
      let body = await readFile(file);
      if (file.endsWith('.html')) {
        body = body
          .toString('utf8')
          .replace(/data-endpoint="[^"]*"/, `data-endpoint="${endpoint}"`)
          .replace(/data-key="[^"]*"/, `data-key="${key}"`)
          .replace(/data-rule-set="[^"]*"/, (m) => (ruleSet === undefined ? m : `data-rule-set="${ruleSet}"`));
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': csp, 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const a = server.address();
      resolve({ origin: `http://${host}:${a.port}`, close: () => new Promise((r) => (server.close(() => r()), server.closeAllConnections())) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (n, d) => {
    const i = process.argv.indexOf(`--${n}`);
    return i > 0 ? process.argv[i + 1] : d;
  };
  const s = await startLandingServer({
    port: Number(arg('port', 8080)),
    endpoint: arg('endpoint', 'http://127.0.0.1:8787'),
    key: arg('key', 'pk_your_publishable_key'),
    identitySecret: arg('identity-secret', process.env.SLUICE_IDENTITY_SECRET),
  });
  console.log(`landing page at ${s.origin}/  (SDK from sdk/dist at /sdk/)`);
}
