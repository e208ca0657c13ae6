// The one place the editor imports the engine from: the same compile and evaluate that
// run in the runtime and the SDK, so the test panel needs no round trip.
export { OPERATORS_FOR, compile, describeCondition as describeConditionWith, evaluate, runCases, stringifyDocument, toEpochMs } from '@sluice/sdk';
export type { CaseDiff, CaseReport } from '@sluice/sdk';
// The structural diff behind `sluice diff` and GET …/diff, for the editor's version comparison.
export { diffFlows } from '@sluice/sdk';
export type { Change, NodeRef, RuleSetDiff } from '@sluice/sdk';
