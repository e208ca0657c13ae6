// A tiny static server for the example: the page at /, the built SDK (sdk/dist) at /sdk/,
// under the strict Content-Security-Policy docs/sdk.md recommends (no inline scripts or
// styles, no eval; requests only to this origin and the runtime). The runtime URL, the
// publishable key and the rule set are written into the script tag as the page is served.
//   pnpm --filter @sluice/sdk build
//   node examples/landing-page/serve.mjs --endpoint http://127.0.0.1:8787 --key pk_... [--port 8080]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const sdkDist = fileURLToPath(new URL('../../sdk/dist/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json' };

/** The CSP of docs/sdk.md: scripts from this origin only, requests to it and to the runtime. */
export const cspFor = (endpoint) => `default-src 'self'; script-src 'self'; connect-src 'self' ${new URL(endpoint).origin}`;

/**
 * Starts the server; resolves with its origin and a close function. `ruleSet` replaces the
 * tag's data-rule-set; `root` serves another folder of pages (tests) under the same rules.
 */
export function startLandingServer({ port = 0, host = '127.0.0.1', endpoint, key, ruleSet, root: pages = here }) {
  const csp = cspFor(endpoint);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    // No favicon: a 204 keeps the browser from logging a 404.
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const [root, rel] = path.startsWith('/sdk/') ? [sdkDist, path.slice(5)] : [pages, path === '/' ? 'index.html' : path.slice(1)];
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
  const s = await startLandingServer({ port: Number(arg('port', 8080)), endpoint: arg('endpoint', 'http://127.0.0.1:8787'), key: arg('key', 'pk_your_publishable_key') });
  console.log(`landing page at ${s.origin}/  (SDK from sdk/dist at /sdk/)`);
}
