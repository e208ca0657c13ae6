// The built editor ships no source maps unless asked for (SLUICE_SOURCEMAP=1 at build time):
// they publish the whole source, comments included, to anyone who can load the page.
// Run `pnpm --filter @sluice/editor build` first; this reads editor/dist.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = new URL('../../editor/dist/', import.meta.url);

describe('the editor build', () => {
  it('has no source maps and no sourceMappingURL comments', () => {
    if (!existsSync(new URL('index.html', dist))) throw new Error('editor/dist is missing: run pnpm --filter @sluice/editor build first');
    const files = readdirSync(new URL('assets/', dist));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const scripts = files.filter((f) => /\.(js|css)$/.test(f));
    expect(scripts.length).toBeGreaterThan(0);
    // A link is a comment of its own line (the TypeScript worker only holds the text in a string).
    const linked = scripts.filter((f) => /^\/\/[#@] sourceMappingURL=|\/\*[#@] sourceMappingURL=/m.test(readFileSync(new URL(`assets/${f}`, dist), 'utf8')));
    expect(linked).toEqual([]);
  });
});
