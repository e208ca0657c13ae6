// The engine: pure functions from data to data. No I/O, no clock, no eval.
export { compile, contentHash } from './compile.js';
export type { CompileResult } from './compile.js';
export { evaluate } from './evaluate.js';
export type { EvaluateOptions } from './evaluate.js';
export { loadRuleSet } from './load.js';
export type { LoadResult } from './load.js';
export { checkCondition } from './condition.js';
export { describeCondition } from './describe.js';
export { OPERATORS_FOR } from './fits.js';
export { toEpochMs } from './dates.js';
export { stringifyDocument, canonicalJson } from './json.js';
export { runCases, matchExpected } from './cases.js';
export type { CaseReport, CaseDiff } from './cases.js';
export { RuleSetError } from './errors.js';
export { NODE_SPECS } from './nodes/registry.js';
export type { NodeSpec } from './nodes/spec.js';
export type { Facts, EvalContext } from './types.js';
