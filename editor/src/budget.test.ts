// First-screen budget (issue 16): what index.html loads before anything is opened — its module
// scripts, modulepreloads and stylesheets — is at most 200 KB as the runtime sends it (the
// brotli copies the build writes). React Flow, the engine and Monaco are lazy chunks.
// Reads the build in editor/dist (run `pnpm --filter @sluice/editor build`); the browser's own
// count of transferred bytes is test/e2e/compressed.spec.ts.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const BUDGET = 200 * 1024;

/** The files index.html loads up front: module scripts, modulepreloads, stylesheets. */
export function firstScreenFiles(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)) out.add(m[1] as string);
  for (const m of html.matchAll(/<link[^>]*rel="(?:modulepreload|stylesheet)"[^>]*href="([^"]+\.(?:js|css))"/g)) out.add(m[1] as string);
  return [...out];
}

describe('first-screen budget', () => {
  it.skipIf(!existsSync(join(dist, 'index.html')))('loads at most 200 KB with brotli, without the editor screen or Monaco', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const files = firstScreenFiles(html);
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    expect(files.some((f) => /editor\.api|setup|EditorScreen/.test(f))).toBe(false);
    const sizes = ['/index.html', ...files].map((f) => {
      const p = join(dist, f.replace(/^\//, ''));
      // index.html is under the 1 KB below which no copy is written: sent as it is.
      return existsSync(`${p}.br`) ? statSync(`${p}.br`).size : statSync(p).size;
    });
    for (const f of files) expect(existsSync(join(dist, `${f.replace(/^\//, '')}.br`)), `${f}.br`).toBe(true);
    const total = sizes.reduce((a, b) => a + b, 0);
    console.log(`first screen: index.html, ${files.join(', ')} = ${(total / 1024).toFixed(1)} KB with brotli`);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });
  it('finds scripts, preloads and stylesheets in index.html', () => {
    expect(firstScreenFiles('<script type="module" crossorigin src="/assets/index-a.js"></script><link rel="modulepreload" crossorigin href="/assets/vendor-b.js"><link rel="stylesheet" crossorigin href="/assets/index-c.css">')).toEqual(['/assets/index-a.js', '/assets/vendor-b.js', '/assets/index-c.css']);
  });
});
