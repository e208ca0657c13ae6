// The conformance suite against the SDK in Node: every row of test/conformance/*.json.
// Condition rows go through checkCondition; rule-set rows compile their flow (once per
// distinct flow) and evaluate. The same rows run over HTTP (http.test.ts) and in Chromium.
import { describe, expect, it } from 'vitest';
import type { EvaluationInput, EvaluationResult, RuleSet } from '@sluice/schemas';
import { NODE_KINDS, OPERATORS } from '@sluice/schemas';
import { validateEvaluationResult } from '@sluice/schemas/validators';
import { checkCondition, compile, evaluate, matchExpected } from '@sluice/sdk';
import { loadConformance, type RuleSetCase } from './load-cases.js';

const suite = loadConformance();
const compiled = new Map<string, RuleSet>();

function ruleSetOf(c: RuleSetCase): RuleSet {
  let rs = compiled.get(c.flowKey);
  if (!rs) {
    const r = compile(c.flow);
    if (!r.ok) throw new Error(`flow ${c.flowKey} does not compile:\n${r.errors.map((e) => `  ${e.nodeId ?? '-'} ${e.path} ${e.message}`).join('\n')}`);
    rs = r.ruleSet;
    compiled.set(c.flowKey, rs);
  }
  return rs;
}

for (const f of suite.files) {
  describe(f.file, () => {
    for (const c of f.cases) {
      it(c.name, () => {
        if (c.kind === 'condition') {
          expect(checkCondition(c.condition as never, c.facts, c.now === undefined ? {} : { now: c.now })).toBe(c.expected);
          return;
        }
        const result = evaluate(ruleSetOf(c), c.input as EvaluationInput, { now: c.now, trace: c.trace });
        expect(matchExpected(c.expected, result)).toEqual([]);
        // Whatever the lead data, the result is a valid EvaluationResult.
        expect(validateEvaluationResult(result) ? [] : validateEvaluationResult.errors).toEqual([]);
      });
    }
  });
}

describe('the suite itself', () => {
  it('has at least 300 rows', () => {
    expect(suite.cases.length).toBeGreaterThanOrEqual(300);
  });

  it('uses every operator in a condition row', () => {
    const used = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'operator' && typeof x === 'string') used.add(x);
          walk(x);
        }
      }
    };
    for (const c of suite.cases) if (c.kind === 'condition') walk(c.condition);
    expect(OPERATORS.filter((op) => !used.has(op))).toEqual([]);
  });

  it('uses every node kind in a rule-set row', () => {
    const kinds = new Set<string>();
    for (const c of suite.cases) {
      if (c.kind !== 'ruleSet') continue;
      for (const n of (c.flow.nodes as { kind: string }[] | undefined) ?? []) kinds.add(n.kind);
    }
    expect(NODE_KINDS.filter((k) => !kinds.has(k))).toEqual([]);
  });

  // Evaluation is pure: it writes into neither the rule set nor the input, and its result is the
  // caller's to change. Both are frozen here; then every object of the result is changed, which
  // throws where the result shares an object with them, and the row is evaluated again.
  it('results share no object with the rule set or the input, so changing one changes nothing else', () => {
    const problems: string[] = [];
    for (const c of suite.cases) {
      if (c.kind !== 'ruleSet') continue;
      const rs = deepFreeze(ruleSetOf(c));
      deepFreeze(c.input);
      const run = () => evaluate(rs, c.input as EvaluationInput, { now: c.now, trace: c.trace });
      let first: EvaluationResult;
      try {
        first = run();
      } catch (e) {
        problems.push(`${c.file} "${c.name}": evaluate wrote into the frozen rule set or input: ${(e as Error).message}`);
        continue;
      }
      const before = JSON.stringify(first);
      const shared = scramble(first, 'result');
      if (shared) problems.push(`${c.file} "${c.name}": ${shared} is an object of the rule set or the input`);
      else if (JSON.stringify(run()) !== before) problems.push(`${c.file} "${c.name}": changing a result changed the next one`);
    }
    expect(problems).toEqual([]);
  });

  // Runs after every row (tests in a file run in order): hostile rows left no trace behind.
  it('left Object.prototype and Array.prototype untouched', () => {
    const probe = {} as Record<string, unknown>;
    for (const k of ['admin', 'hacked', 'employees', 'name', 'lead', 'contacts', 'x']) {
      expect(probe[k]).toBeUndefined();
      expect(([] as unknown as Record<string, unknown>)[k]).toBeUndefined();
    }
  });
});

const frozen = new WeakSet<object>();
function deepFreeze<T>(v: T): T {
  if (typeof v !== 'object' || v === null || frozen.has(v)) return v;
  frozen.add(v);
  for (const x of Object.values(v)) deepFreeze(x);
  return Object.freeze(v);
}

/** Changes every object and list of a result in place; the path of the first frozen one, if any. */
function scramble(v: unknown, path: string): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  if (Object.isFrozen(v)) return path;
  const entries = Array.isArray(v) ? v.map((x, i) => [`${path}[${i}]`, x] as const) : Object.entries(v).map(([k, x]) => [`${path}.${k}`, x] as const);
  for (const [p, x] of entries) {
    const hit = scramble(x, p);
    if (hit) return hit;
  }
  if (Array.isArray(v)) v.push('scrambled');
  else (v as Record<string, unknown>).scrambled = true;
  return undefined;
}
