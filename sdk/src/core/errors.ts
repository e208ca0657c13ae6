import type { Issue } from './types.js';

/**
 * Thrown when a rule set handed to `evaluate` is not a valid rule set: a programming or
 * deployment error, never a lead-data error. `errors` name the node and field.
 */
export class RuleSetError extends Error {
  readonly errors: Issue[];
  constructor(errors: Issue[]) {
    super(`invalid rule set: ${errors.map((e) => `${e.nodeId ? `${e.nodeId} ` : ''}${e.path} ${e.message}`).join('; ')}`);
    this.name = 'RuleSetError';
    this.errors = errors;
  }
}
