import type { NodeKindName } from '@sluice/schemas';
import { checklistRun } from './checklist.js';
import { gateRun } from './gate.js';
import { outcomeRun } from './outcome.js';
import { scoreRun } from './score.js';
import { setRun } from './set.js';
import type { NodeRun } from './spec.js';
import { startRun } from './start.js';
import { tableRun } from './table.js';

/** What evaluation needs of every node kind (the checks live in NODE_SPECS). */
export const NODE_RUNNERS: Readonly<Record<NodeKindName, NodeRun>> = {
  start: startRun,
  gate: gateRun,
  score: scoreRun,
  table: tableRun,
  checklist: checklistRun,
  set: setRun,
  outcome: outcomeRun,
};
