import type { CasesFile, EvaluationResult, RuleSet } from '@sluice/schemas';
import { evaluate } from './evaluate.js';
import { isObject } from './util.js';

export interface CaseDiff {
  /** Dotted path into the result, e.g. `outcome.stage` or `checklists.bant.failed`. */
  path: string;
  expected: unknown;
  actual: unknown;
}

export interface CaseReport {
  name: string;
  pass: boolean;
  diffs: CaseDiff[];
  result: EvaluationResult;
}

/**
 * Runs a cases file against a rule set. A case's `expect` is a partial result: objects are
 * compared key by key (keys not given are not checked), arrays and scalars exactly.
 *
 * @example
 * const failed = runCases(ruleSet, cases).filter((r) => !r.pass);
 */
export function runCases(ruleSet: RuleSet, file: CasesFile): CaseReport[] {
  return file.cases.map((c) => {
    const result = evaluate(ruleSet, c.input, { now: c.now, trace: true });
    const diffs = matchExpected(c.expect, result);
    return { name: c.name, pass: diffs.length === 0, diffs, result };
  });
}

/** The places where `actual` differs from the partial `expected`. */
export function matchExpected(expected: unknown, actual: unknown, path = ''): CaseDiff[] {
  if (isObject(expected)) {
    if (!isObject(actual)) return [{ path: path || '.', expected, actual }];
    return Object.keys(expected).flatMap((k) =>
      matchExpected(expected[k], Object.hasOwn(actual, k) ? actual[k] : undefined, path ? `${path}.${k}` : k),
    );
  }
  return sameJson(expected, actual) ? [] : [{ path: path || '.', expected, actual }];
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
  }
  return false;
}
