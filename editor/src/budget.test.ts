// First-screen budget: the JavaScript index.html loads before Monaco (lazy chunks excluded)
// stays under 400 KB gzipped. Reads the build in editor/dist (run `pnpm --filter @sluice/editor build`).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const BUDGET = 400 * 1024;

/** The .js files index.html loads up front: module scripts and modulepreloads. */
export function firstScreenScripts(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)) out.add(m[1] as string);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) out.add(m[1] as string);
  return [...out];
}

describe('first-screen budget', () => {
  it.skipIf(!existsSync(join(dist, 'index.html')))('loads at most 400 KB of gzipped JavaScript before Monaco', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const files = firstScreenScripts(html);
    expect(files.length).toBeGreaterThan(0);
    const sizes = files.map((f) => gzipSync(readFileSync(join(dist, f.replace(/^\//, '')))).length);
    const total = sizes.reduce((a, b) => a + b, 0);
    console.log(`first screen: ${files.join(', ')} = ${(total / 1024).toFixed(1)} KB gzipped`);
    expect(files.some((f) => /editor\.api|setup/.test(f))).toBe(false);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });
  it('finds scripts and preloads in index.html', () => {
    expect(firstScreenScripts('<script type="module" crossorigin src="/assets/index-a.js"></script><link rel="modulepreload" crossorigin href="/assets/vendor-b.js">')).toEqual(['/assets/index-a.js', '/assets/vendor-b.js']);
  });
});
