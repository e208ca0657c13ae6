// Differential test of the engine against itself: the specialised leaves (sdk/src/core/leaf-fast.ts,
// Node builds) must answer exactly what the general path answers (condition.ts: the
// fact read through own properties and getIn, then the operator of operators.ts, fenced), on
// any facts: objects, lists, primitives, null, getters that throw, own __proto__ keys.
import { describe, expect, it } from 'vitest';
import { factsOf } from '../../sdk/src/core/condition.js';
import { fastLeaf } from '../../sdk/src/core/leaf-fast.js';
import { OPS } from '../../sdk/src/core/operators.js';
import { getIn } from '../../sdk/src/core/path.js';
import { own } from '../../sdk/src/core/util.js';
import { prng } from './generate.js';

function general(fact: string, segs: (string | number)[], op: string, value: unknown, f: unknown): boolean {
  try {
    const v = own(f, fact);
    const a = segs.length > 0 && typeof v === 'object' && v !== null ? getIn(v, segs) : v;
    return OPS[op]!(a, value, { nowMs: 0 }) === true;
  } catch {
    return false;
  }
}

const SCALARS = [0, 1, 5, -1, 2.5, NaN, Infinity, '', '0', '5', '12abc', 'abc', 'vp', 'x.edu', true, false, null, undefined];
const KEYS = ['a', 'b', 'length', '0', 'constructor', '__proto__', 'toString'];
const OPERATORS = ['equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain', 'greaterThan', 'greaterThanInclusive', 'lessThan', 'lessThanInclusive', 'startsWith', 'endsWith', 'exists', 'matches', 'before'];

function value(pick: <T>(xs: readonly T[]) => T, depth: number): unknown {
  const kind = pick(['scalar', 'scalar', 'list', 'object', 'throwing', 'protoKey']);
  if (depth > 2 || kind === 'scalar') return pick(SCALARS);
  if (kind === 'list') return [pick(SCALARS), value(pick, depth + 1), pick(SCALARS)];
  const o: Record<string, unknown> = {};
  for (const k of [pick(KEYS), pick(KEYS)]) Object.defineProperty(o, k, { value: value(pick, depth + 1), enumerable: true, writable: true, configurable: true });
  if (kind === 'throwing') Object.defineProperty(o, pick(KEYS), { get: () => { throw new Error('getter'); }, enumerable: true, configurable: true });
  return o;
}

describe('fastLeaf', () => {
  it('answers what the general path answers, on 50,000 random leaves and facts', () => {
    const pick = prng(20_261_202).pick;
    const mismatches: string[] = [];
    let specialised = 0;
    for (let i = 0; i < 50_000 && mismatches.length < 5; i++) {
      const fact = pick(['lead', 'account', 'a', 'length', '__proto__']);
      const segs = [[], [pick(KEYS)], [pick(KEYS), pick(KEYS)], [pick(KEYS), 0, pick(KEYS)]][i % 4]!;
      const op = pick(OPERATORS);
      const v = op === 'in' || op === 'notIn' ? [pick(SCALARS), pick(SCALARS), ...(i % 2 ? [pick(SCALARS), pick(SCALARS)] : [])] : op === 'exists' ? pick([true, false]) : pick(SCALARS);
      const item = i % 3 === 0;
      const raw = pick([() => ({ [fact]: value(pick, 0) }), () => value(pick, 0), () => pick(SCALARS)])();
      // The evaluation's facts always come through factsOf (evaluate builds the same shape).
      const facts = item ? raw : factsOf(raw);
      const p = fastLeaf(fact, segs, op, v, item);
      if (!p) continue;
      specialised++;
      const want = general(fact, segs, op, v, facts);
      if (p(facts as never, { nowMs: 0 }) !== want) mismatches.push(`#${i}: ${op} ${fact}${JSON.stringify(segs)} ${String(v)} → ${!want}, general ${want}`);
    }
    expect(mismatches).toEqual([]);
    expect(specialised).toBeGreaterThan(30_000);
  });

  it('leaves date, pattern and day operators and non-literal shapes to the general path', () => {
    expect(fastLeaf('lead', ['at'], 'before', 0, false)).toBeUndefined();
    expect(fastLeaf('lead', ['t'], 'matches', '^vp', false)).toBeUndefined();
    expect(fastLeaf('lead', ['n'], 'greaterThan', '5', false)).toBeUndefined();
    expect(fastLeaf('lead', ['n'], 'in', 'abc', true)).toBeUndefined();
  });
});
