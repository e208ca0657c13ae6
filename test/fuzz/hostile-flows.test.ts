// Seeded, time-boxed fuzz test: hostile variants of the example flows through compile, the
// writers, loadRuleSet and evaluate. Nothing may throw or stall; problems are reported as
// issues with a path and a plain message; what compiles evaluates and round-trips.
// Explore further: `FUZZ_SEED=7 FUZZ_MS=60000 pnpm exec vitest run --project cross test/fuzz`; with
// FUZZ_DUMP=<dir> the document that failed is written there (hostile-<seed + index>.json).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INDENT_DEPTH } from '../../sdk/src/core/json.js';
import { canonicalJson, compile, evaluate, loadRuleSet, stringifyDocument } from '../../sdk/src/core/index.js';
import { prng } from '../differential/generate.js';
import { mutate } from './hostile.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const BUDGET_MS = Number(process.env.FUZZ_MS ?? 6000);
// One document may take this long at most: a stall (backtracking, quadratic work) shows here.
const PER_DOC_MS = 3000;

const dir = join(__dirname, '../../examples');
const flows = readdirSync(dir).filter((f) => f.endsWith('.flow.json')).sort().map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
const inputs = readdirSync(dir)
  .filter((f) => f.endsWith('.cases.json'))
  .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { cases: { input: unknown; now: string }[] }).cases.slice(0, 2));

/** The document number i of a run: `hostileDoc(prng(SEED + i))`. */
const hostileDoc = (r: ReturnType<typeof prng>) => mutate(r, r.pick(flows));

describe('hostile flows', () => {
  it(`compile, the writers, loadRuleSet and evaluate never throw or stall (seed ${SEED}, ${BUDGET_MS} ms)`, () => {
    const failures: string[] = [];
    const end = Date.now() + BUDGET_MS;
    let tried = 0;
    let compiled = 0;
    const messages = new Set<string>();
    while (Date.now() < end && failures.length < 3) {
      const i = tried++;
      // One generator per document: a failure is reproduced from SEED + i alone (hostileDoc).
      const r = prng(SEED + i);
      const doc = hostileDoc(r);
      const before = failures.length;
      const t0 = performance.now();
      try {
        const res = compile(doc);
        if (res.ok) {
          compiled++;
          const text = stringifyDocument(res.ruleSet);
          const loaded = loadRuleSet(JSON.parse(text));
          if (!loaded.ok) failures.push(`#${i}: compiled but its rule set does not load: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
          for (const c of inputs) evaluate(res.ruleSet, c.input as never, { now: c.now, trace: r.chance(0.5) });
        } else {
          for (const e of res.errors) {
            if (typeof e.path !== 'string' || !e.path.startsWith('/') || typeof e.message !== 'string' || e.message === '' || /then|else" schema/.test(e.message)) {
              failures.push(`#${i}: an issue that says nothing useful: ${JSON.stringify(e)}`);
            }
            messages.add(e.message.replace(/\d+/g, 'N').slice(0, 60));
          }
          // A refused draft can still be written (the editor exports drafts): linearly, at most
          // the deepest indent (2 × INDENT_DEPTH) per value; indenting every level was quadratic.
          const plain = canonicalJson(doc).length;
          const written = stringifyDocument(doc).length;
          if (written > plain * (2 * INDENT_DEPTH + 6) + 10_000) failures.push(`#${i}: ${plain} bytes of JSON written as ${written}`);
        }
      } catch (e) {
        failures.push(`#${i}: threw ${(e as Error).stack?.split('\n').slice(0, 4).join(' | ')}`);
      }
      const ms = performance.now() - t0;
      if (ms > PER_DOC_MS) failures.push(`#${i}: took ${Math.round(ms)} ms`);
      if (failures.length > before && process.env.FUZZ_DUMP) writeFileSync(join(process.env.FUZZ_DUMP, `hostile-${SEED + i}.json`), canonicalJson(doc));
    }
    expect(failures).toEqual([]);
    // The run did real work on both sides of the line.
    expect(tried).toBeGreaterThan(50);
    expect(compiled).toBeGreaterThan(0);
    expect(messages.size).toBeGreaterThan(10);
  });
});
