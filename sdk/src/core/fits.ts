import type { FieldType, OperatorName } from '@sluice/schemas';

/**
 * Which operators fit which kind of value: the compiler refuses the others, and the editor
 * offers only these (in this order). `events` is the built-in list of events.
 */
export const OPERATORS_FOR: Readonly<Record<FieldType | 'events', readonly OperatorName[]>> = {
  string: ['equal', 'notEqual', 'in', 'notIn', 'startsWith', 'endsWith', 'matches', 'exists'],
  number: ['equal', 'notEqual', 'greaterThan', 'greaterThanInclusive', 'lessThan', 'lessThanInclusive', 'in', 'notIn', 'exists'],
  boolean: ['equal', 'notEqual', 'in', 'notIn', 'exists'],
  date: ['before', 'after', 'withinLastDays', 'notWithinLastDays', 'equal', 'notEqual', 'exists'],
  list: ['contains', 'doesNotContain', 'some', 'every', 'count', 'distinctCount', 'exists'],
  events: ['some', 'every', 'count', 'distinctCount', 'exists'],
  object: ['exists', 'equal', 'notEqual'],
};
