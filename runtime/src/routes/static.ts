import type { Context } from 'hono';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { HonoEnv, Services } from '../context.js';
import { acceptedEncodings } from '../middleware/compress.js';
import { pageSecurityHeaders } from './csp.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Maps a raw URL path to a file path inside `root`, or null. Works on the *raw* path
 * (before any router decoding) and refuses rather than normalises: any encoded slash or
 * backslash, any `.`/`..` segment (also percent-encoded), NUL, or a decoding error.
 */
export function safeStaticPath(root: string, rawPath: string): string | null {
  if (rawPath.length > 1024 || !rawPath.startsWith('/')) return null;
  if (/%2f|%5c|%00|\\/i.test(rawPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '.' || s === '..' || s.startsWith('.'))) return null;
  const base = resolve(root);
  const file = resolve(base, ...segments);
  if (file !== base && !file.startsWith(base + sep)) return null;
  return file;
}

/** The raw path of the request, as sent (Request.url is already normalised by URL parsing). */
function rawPathOf(c: Context): string {
  const u = c.req.url;
  const afterHost = u.replace(/^[a-z]+:\/\/[^/]*/i, '');
  const q = afterHost.search(/[?#]/);
  return q === -1 ? afterHost : afterHost.slice(0, q);
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

function fallbackPage(list: { id: string; name: string; published: { version: number } | null; problems: unknown[] }[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const items = list
    .map((r) => `<li><code>${esc(r.id)}</code> ${esc(r.name)} ${r.published ? `v${r.published.version}` : '(draft)'}${r.problems.length ? ' <strong>invalid file on disk</strong>' : ''}</li>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sluice</title><link rel="icon" href="data:,"></head>
<body style="font:14px system-ui,sans-serif;margin:2rem"><h1>Sluice</h1>
<p>The editor is not built yet (<code>pnpm --filter @sluice/editor build</code>). API: <a href="/docs">/docs</a>.</p>
<h2>Rule sets</h2><ul>
${items || '<li>none</li>'}
</ul></body></html>
`;
}

/** Files a build step compressed (editor/scripts/precompress.ts), best first. */
const VARIANTS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/** Vite's hashed file names (`index-BCE_ODO7.js`): their bytes never change under that name. */
const HASHED = /^\/assets\/[^/]*-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

const notFound = (c: Context<HonoEnv>) => c.json({ error: { code: 'not_found', message: 'not found' } }, 404);

/** The real path of `p` if it is a regular file inside `root` (symlinks resolved), else null. */
async function fileInside(root: string, p: string): Promise<{ path: string; size: number; mtimeMs: number } | null> {
  const real = await realpath(p).catch(() => null);
  if (!real || !real.startsWith(root + sep)) return null;
  const st = await stat(real).catch(() => null);
  return st?.isFile() ? { path: real, size: st.size, mtimeMs: st.mtimeMs } : null;
}

/**
 * GET / and the editor's files. Refuses paths that try to leave `editorDir` (checked on
 * the raw path, then again after resolving symlinks); unknown paths without an extension
 * get index.html (client-side routing). Every answer carries the page's security headers
 * (Content-Security-Policy, framing), workers' scripts included: a worker gets its own policy
 * from its script's response.
 *
 * Compression: the build leaves `x.js.br` and `x.js.gz` beside `x.js`; the file the client
 * accepts is sent with `Content-Encoding` and the original's type. A variant is only ever
 * looked for beside an original that was found and checked (so a `.br` without its original is
 * never served), it passes the same inside-the-folder check, and `.br`/`.gz` names asked for
 * directly are refused. Hashed names are cached for a year, everything else revalidates (ETag
 * from size and modification time, per encoding).
 */
export function staticHandler(s: Services, editorDir: string | null, frameAncestors?: readonly string[]) {
  const security = pageSecurityHeaders(frameAncestors);
  return async (c: Context<HonoEnv>) => {
    for (const [k, v] of Object.entries(security)) c.header(k, v);
    const raw = rawPathOf(c);
    if (!editorDir || !(await isFile(join(editorDir, 'index.html')))) {
      if (raw !== '/' && raw !== '/index.html') return notFound(c);
      const { ruleSets } = await s.registry.list();
      return c.html(fallbackPage(ruleSets));
    }
    const file = safeStaticPath(editorDir, raw === '/' ? '/index.html' : raw);
    // The compressed copies are representations of their original, not files of their own.
    if (!file || /\.(br|gz)$/i.test(file)) return notFound(c);
    const root = await realpath(editorDir);
    let target = file;
    if (!(await isFile(target))) {
      if (extname(raw) !== '') return notFound(c);
      target = join(editorDir, 'index.html');
    }
    // A symlink inside dist must not lead outside it either.
    const original = await fileInside(root, target);
    if (!original) return notFound(c);
    const type = TYPES[extname(original.path).toLowerCase()] ?? 'application/octet-stream';
    const accepted = acceptedEncodings(c.req.header('accept-encoding'));
    let served = original;
    let encoding: string | null = null;
    for (const v of VARIANTS) {
      if (!accepted.has(v.encoding)) continue;
      const variant = await fileInside(root, original.path + v.suffix);
      if (variant) {
        served = variant;
        encoding = v.encoding;
        break;
      }
    }
    const etag = `"${original.size.toString(36)}-${Math.floor(original.mtimeMs).toString(36)}${encoding ? `-${encoding}` : ''}"`;
    const headers: Record<string, string> = {
      'content-type': type,
      'cache-control': HASHED.test(raw) ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'Accept-Encoding',
      etag,
    };
    if (encoding) headers['content-encoding'] = encoding;
    if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    const body = await readFile(served.path);
    headers['content-length'] = String(body.length);
    return c.body(body, 200, headers);
  };
}

/** If-None-Match against an ETag, compared weakly (RFC 9110 §13.1.2): `*`, a list, W/ prefixes. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
