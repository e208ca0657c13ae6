// The conformance suite against the SDK in Node: every row of test/conformance/*.json.
// Condition rows go through checkCondition; rule-set rows compile their flow (once per
// distinct flow) and evaluate. The same rows run over HTTP (http.test.ts) and in Chromium.
import { describe, expect, it } from 'vitest';
import type { EvaluationInput, RuleSet } from '@sluice/schemas';
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

  // Runs after every row (tests in a file run in order): hostile rows left no trace behind.
  it('left Object.prototype and Array.prototype untouched', () => {
    const probe = {} as Record<string, unknown>;
    for (const k of ['admin', 'hacked', 'employees', 'name', 'lead', 'contacts', 'x']) {
      expect(probe[k]).toBeUndefined();
      expect(([] as unknown as Record<string, unknown>)[k]).toBeUndefined();
    }
  });
});
