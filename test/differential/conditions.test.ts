// Differential test: Sluice's checkCondition against json-rules-engine 7 itself, on random
// conditions (standard operators, all/any/not to depth 3, paths with indexes, fact references)
// and random facts (missing facts, nulls, numeric strings, type mismatches, own __proto__ keys).
import { Engine, type TopLevelCondition } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import type { Condition } from '@sluice/schemas';
import { checkCondition } from '../../sdk/src/core/condition.js';
import { conditionIssues } from '../../sdk/src/core/condition-issues.js';
import { condition, facts, prng, STANDARD } from './generate.js';

// DIFF_SEED / DIFF_CASES explore further: `DIFF_SEED=7 DIFF_CASES=100000 pnpm exec vitest run --project cross test/differential`
const SEED = Number(process.env.DIFF_SEED ?? 20_240_301);
const CASES = Number(process.env.DIFF_CASES ?? 12_000);

interface Case { i: number; cond: Record<string, unknown>; facts: Record<string, unknown> }

async function jre(c: Case): Promise<boolean> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  // Its root must be a group; a one-condition `all` answers what the condition answers.
  const root = 'all' in c.cond || 'any' in c.cond || 'not' in c.cond ? c.cond : { all: [c.cond] };
  // json-rules-engine rewrites `priority` in the conditions it is given: hand it a copy.
  engine.addRule({ conditions: structuredClone(root) as unknown as TopLevelCondition, event: { type: 'hit' } });
  const { events } = await engine.run(c.facts);
  return events.length > 0;
}

// JSON that keeps what matters for reading a failure: NaN, ±Infinity, -0, own __proto__.
const show = (v: unknown) =>
  JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : Object.is(x, -0) ? '-0' : x));

describe('conditions agree with json-rules-engine 7 (allowUndefinedFacts)', () => {
  it(`${CASES} random conditions`, async () => {
    const r = prng(SEED);
    const cases: Case[] = [];
    for (let i = 0; i < CASES; i++) {
      const f = facts(r);
      cases.push({ i, cond: condition(r, f), facts: f });
    }
    const invalid = cases.filter((c) => conditionIssues(c.cond, '').length > 0);
    expect(invalid.map((c) => [c.i, conditionIssues(c.cond, '')]).slice(0, 3)).toEqual([]);

    const mismatches: string[] = [];
    const thrown: string[] = [];
    let held = 0;
    const ops = new Set<string>();
    for (const c of cases) {
      JSON.stringify(c.cond, (k, v) => (k === 'operator' ? ops.add(v) && v : v));
      const ours = checkCondition(c.cond as unknown as Condition, c.facts);
      let theirs: boolean;
      try {
        theirs = await jre(c);
      } catch (e) {
        thrown.push(`#${c.i}: ${(e as Error).message}\n  condition ${show(c.cond)}\n  facts ${show(c.facts)}`);
        continue;
      }
      if (ours) held++;
      if (ours !== theirs && mismatches.length < 5) {
        mismatches.push(`#${c.i}: sluice ${ours}, json-rules-engine ${theirs}\n  condition ${show(c.cond)}\n  facts ${show(c.facts)}`);
      }
    }
    // Both answers occur often, so agreement is not agreement on "always false".
    expect(held).toBeGreaterThan(CASES * 0.2);
    expect(CASES - held).toBeGreaterThan(CASES * 0.2);
    expect([...ops].sort()).toEqual([...STANDARD].sort());
    expect(thrown.slice(0, 3)).toEqual([]);
    expect(mismatches).toEqual([]);
  });
});
