// Differential test of the engine against itself: a node's conditions compiled over shared reads
// (sdk/src/core/shared-reads.ts, Node builds: each field read once per run of the node) must
// answer exactly what each condition compiled alone answers (compileCondition), on any facts:
// objects, lists, primitives, getters that throw, own __proto__ keys; with groups, negations,
// fact references and list operators mixed in (those take the general path inside).
import { describe, expect, it } from 'vitest';
import type { Condition } from '@sluice/schemas';
import { compileCondition, factsOf } from '../../sdk/src/core/condition.js';
import { sharedReads } from '../../sdk/src/core/shared-reads.js';
import { prng } from './generate.js';

const SCALARS = [0, 1, 5, -1, 2.5, NaN, '', '0', '5', '12abc', 'vp', 'x.edu', true, false, null, undefined];
const KEYS = ['a', 'b', 'length', '0', 'constructor', '__proto__'];
const OPERATORS = ['equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain', 'greaterThan', 'greaterThanInclusive', 'lessThan', 'lessThanInclusive', 'startsWith', 'endsWith', 'exists', 'before', 'count', 'some'];
const FACTS = ['lead', 'account', 'scores', 'vars', 'events'];

describe('sharedReads', () => {
  it('answers what each condition compiled alone answers, on 6,000 random nodes of 2–7 conditions', () => {
    const { pick, int, chance } = prng(20_261_203);
    const value = (depth: number): unknown => {
      const kind = pick(['scalar', 'scalar', 'list', 'object', 'throwing']);
      if (depth > 2 || kind === 'scalar') return pick(SCALARS);
      if (kind === 'list') return [pick(SCALARS), value(depth + 1), pick(SCALARS)];
      const o: Record<string, unknown> = {};
      for (const k of [pick(KEYS), pick(KEYS)]) Object.defineProperty(o, k, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
      if (kind === 'throwing') Object.defineProperty(o, pick(KEYS), { get: () => { throw new Error('getter'); }, enumerable: true, configurable: true });
      return o;
    };
    // Few facts and paths, so that leaves share fields.
    const path = () => pick(['', '$.a', '$.a', '$.b', '$.a.b', '$.constructor', '$[0]']);
    const leaf = (): Record<string, unknown> => {
      const operator = pick(OPERATORS);
      const v =
        operator === 'in' || operator === 'notIn' ? [pick(SCALARS), pick(SCALARS), ...(chance(0.5) ? [pick(SCALARS), pick(SCALARS)] : [])]
        : operator === 'exists' ? pick([true, false])
        : operator === 'count' ? { min: int(3) }
        : operator === 'some' ? { fact: 'a', operator: 'equal', value: pick(SCALARS) }
        : chance(0.1) ? { fact: pick(FACTS), path: path() }
        : pick(SCALARS);
      return { fact: pick(['lead', 'lead', 'scores', 'vars', 'events']), path: path(), operator, value: v };
    };
    const cond = (depth: number): Record<string, unknown> => {
      const r = depth > 2 ? 3 : int(6);
      if (r === 0) return { all: Array.from({ length: int(4) }, () => cond(depth + 1)) };
      if (r === 1) return { any: Array.from({ length: int(4) }, () => cond(depth + 1)) };
      if (r === 2) return { not: cond(depth + 1) };
      return leaf();
    };
    const mismatches: string[] = [];
    let shared = 0;
    for (let i = 0; i < 6000 && mismatches.length < 5; i++) {
      const conds = Array.from({ length: 2 + int(6) }, () => cond(0)) as unknown as Condition[];
      const s = sharedReads(conds, compileCondition);
      if (!s) continue;
      shared++;
      const alone = conds.map((c) => compileCondition(c));
      for (let k = 0; k < 5; k++) {
        const facts = factsOf(Object.fromEntries(FACTS.filter(() => chance(0.8)).map((f) => [f, value(0)])));
        const ctx = { nowMs: 0, facts };
        s.load(facts);
        conds.forEach((c, j) => {
          const want = alone[j]!(facts, ctx);
          if (s.holds[j]!(facts, ctx) !== want) mismatches.push(`#${i}/${j}: ${JSON.stringify(c)} → ${!want}, alone ${want}`);
        });
      }
    }
    expect(mismatches).toEqual([]);
    expect(shared).toBeGreaterThan(1000);
  });

  it('shares nothing when no field is tested twice', () => {
    const c = (path: string) => ({ fact: 'lead', path, operator: 'equal', value: 1 }) as Condition;
    expect(sharedReads([c('$.a'), c('$.b')], compileCondition)).toBeUndefined();
    expect(sharedReads([c('$.a'), { all: [c('$.a'), c('$.b')] } as Condition], compileCondition)?.holds).toHaveLength(2);
  });
});
