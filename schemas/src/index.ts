export type * from './generated/types.js';
export {
  NODE_KINDS,
  OPERATORS,
  DEFAULT_STAGES,
  FIELD_TYPES,
  RESERVED_NAMES,
  SCHEMA_VERSION,
  DOCUMENT_VALIDATORS,
  RESPONSE_VALIDATORS,
} from './generated/constants.js';
export type { Issue, ValidationError, ValidateFunction } from './issues.js';
export { toIssues, nodeIdAt, escapePointer } from './issues.js';
export type { MigrateResult } from './migrate.js';
export { migrate } from './migrate.js';
export { limitIssues, MAX_DEPTH, MAX_STRING } from './limits.js';

import type { NODE_KINDS as K, OPERATORS as O } from './generated/constants.js';
/** A node kind name. */
export type NodeKindName = (typeof K)[number];
/** An operator name. */
export type OperatorName = (typeof O)[number];
