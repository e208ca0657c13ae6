// A tiny static server for the example: the page at /, the built SDK (sdk/dist) at /sdk/,
// under a strict Content-Security-Policy (no inline scripts, no eval). The runtime URL and
// the publishable key are written into the script tag as the page is served.
//   pnpm --filter @sluice/sdk build
//   node examples/landing-page/serve.mjs --endpoint http://127.0.0.1:8787 --key pk_... [--port 8080]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const sdkDist = fileURLToPath(new URL('../../sdk/dist/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json' };
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src *; img-src 'self' data:";

/** Starts the server; resolves with its origin and a close function. */
export function startLandingServer({ port = 0, host = '127.0.0.1', endpoint, key }) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [root, rel] = path.startsWith('/sdk/') ? [sdkDist, path.slice(5)] : [here, path === '/' ? 'index.html' : path.slice(1)];
    const file = normalize(join(root, rel));
    if (!file.startsWith(root) || rel.includes('..') || rel.endsWith('.mjs')) return void res.writeHead(404).end('not found');
    try {
      let body = await readFile(file);
      if (file.endsWith('.html')) {
        body = body
          .toString('utf8')
          .replace(/data-endpoint="[^"]*"/, `data-endpoint="${endpoint}"`)
          .replace(/data-key="[^"]*"/, `data-key="${key}"`);
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP, 'cache-control': 'no-store' });
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
