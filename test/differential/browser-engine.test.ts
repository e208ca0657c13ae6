// Differential test of the engine against itself: the browser engine (sdk/dist/engine.min.js,
// bundled with the browser swaps of sdk/scripts/browser-modules.mjs: general condition leaves,
// rule-by-rule score totals, every field read by each condition, zone offsets formatted each
// time, every date through the general parser) must give the result the Node engine gives (its
// server paths: leaf-fast.ts, shared-reads.ts, nodes/score-fast.ts, time/offset-cache.ts,
// dates-fast.ts), byte for byte, for every example flow on generated leads. Builds nothing: run
// `pnpm --filter @sluice/sdk build` first (as test/sdk-size does).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EvaluationInput, RuleSet } from '@sluice/schemas';
import { generateLeads, toInput } from '../../examples/data/generate.js';
import { compile, evaluate, prepareForBrowser } from '../../sdk/src/index.js';

const examples = new URL('../../examples/', import.meta.url);
const bundle = new URL('../../sdk/dist/engine.min.js', import.meta.url);
const LEADS = 400;

describe('the browser engine gives the Node engine\'s results', async () => {
  if (!existsSync(bundle)) throw new Error('sdk/dist/engine.min.js is missing: run pnpm --filter @sluice/sdk build first');
  const browser = (await import(bundle.href)) as { evaluate: typeof evaluate };
  const lines = generateLeads({ count: LEADS, seed: 20_261_202 });
  for (const file of readdirSync(examples).filter((f) => f.endsWith('.flow.json'))) {
    it(`${file}, ${LEADS} generated leads, at their now and a week later`, () => {
      const r = compile(JSON.parse(readFileSync(new URL(file, examples), 'utf8')));
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      const rs: RuleSet = prepareForBrowser(r.ruleSet);
      let differ = 0;
      for (const l of lines) {
        for (const now of [l.now, Date.parse(l.now) + 7 * 864e5]) {
          const input = toInput(l) as unknown as EvaluationInput;
          const want = JSON.stringify(evaluate(rs, input, { now }));
          const got = JSON.stringify(browser.evaluate(rs, input, { now }));
          if (got !== want && differ++ < 1) expect(got).toBe(want);
        }
      }
      expect(differ).toBe(0);
    });
  }
});
