import type { NodeKindName } from '@sluice/schemas';
import { checklist } from './checklist.js';
import { gate } from './gate.js';
import { outcome } from './outcome.js';
import { score } from './score.js';
import { set } from './set.js';
import type { NodeSpec } from './spec.js';
import { start } from './start.js';
import { table } from './table.js';

/** Every node kind, keyed by the kind names defined in schemas/. */
export const NODE_SPECS: Readonly<Record<NodeKindName, NodeSpec>> = {
  start,
  gate,
  score,
  table,
  checklist,
  set,
  outcome,
};
