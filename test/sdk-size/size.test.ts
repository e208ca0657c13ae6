// The browser build's budget (issue: SDK entry points). Builds nothing: run
// `pnpm --filter @sluice/sdk build` first; this reads sdk/dist, gzips (zlib level 9) and checks.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const dist = new URL('../../sdk/dist/', import.meta.url);
const KB = 1024;
// Ceilings, not the targets: the issue asks for 10 KB (script tag) and 6 KB (engine), which
// the engine does not meet yet (11.7 KB and 10.7 KB measured; docs/sdk.md#size lists what
// it would take). These keep the bundles from growing while that work is open.
const BUDGET = {
  /** The script tag, engine included (target 10 KB). */
  'sluice.min.js': 12 * KB,
  /** evaluate + checkCondition, bundled and minified as the embed uses them (target 6 KB). */
  'engine.min.js': 11 * KB,
};
/** The embed's own code: the script tag minus the engine. */
const EMBED_OWN = 3 * KB;

function read(name: string): Buffer {
  const file = new URL(name, dist);
  if (!existsSync(file)) throw new Error(`sdk/dist/${name} is missing: run pnpm --filter @sluice/sdk build first`);
  return readFileSync(file);
}
const gz = (b: Buffer) => gzipSync(b, { level: 9 }).length;

describe('sdk browser bundles', () => {
  for (const [name, budget] of Object.entries(BUDGET)) {
    it(`${name} is at most ${budget / KB} KB gzipped`, () => {
      const size = gz(read(name));
      expect(size, `${name}: ${size} B gzipped, budget ${budget} B (see docs/sdk.md#size)`).toBeLessThanOrEqual(budget);
    });
  }

  it(`the embed's own code (the script tag without the engine) is at most ${EMBED_OWN / KB} KB gzipped`, () => {
    const own = gz(read('embed-own.min.js'));
    expect(own, `embed alone: ${own} B gzipped`).toBeLessThanOrEqual(EMBED_OWN);
  });

  for (const name of ['sluice.min.js', 'embed.js', 'engine.min.js', 'embed-own.min.js']) {
    it(`${name} has no eval, no new Function, nothing from Ajv, React, Monaco or json-rules-engine`, () => {
      const text = read(name).toString('utf8');
      for (const banned of [/new Function\b/, /\beval\(/, /ajv/i, /react/i, /monaco/i, /json-rules-engine/i]) {
        expect(text, `${name} contains ${banned}`).not.toMatch(banned);
      }
    });
  }

  it('the bundles were built from sources, not from Ajv or Node built-ins (metafile inputs)', () => {
    const meta = JSON.parse(read('meta/sluice.min.js.json').toString('utf8')) as { inputs: Record<string, unknown> };
    const inputs = Object.keys(meta.inputs);
    expect(inputs.filter((p) => /node_modules|^node:/.test(p))).toEqual([]);
  });

  it('the script tag is a self-contained IIFE that sets window.Sluice', () => {
    const text = read('sluice.min.js').toString('utf8');
    expect(text).toMatch(/^"use strict";\(\(\)=>\{/);
    expect(text).toMatch(/\.Sluice=\{init:/);
    expect(text).not.toMatch(/\bimport\b|\brequire\(/);
  });
});
