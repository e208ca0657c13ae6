// Which operators fit a field's type, and what kind of value input each one needs.
import { OPERATORS, type FieldType, type OperatorName } from '@sluice/schemas';
import { OPERATORS_FOR } from '../engine.js';

export const OPERATOR_LABELS: Record<OperatorName, string> = {
  equal: 'is',
  notEqual: 'is not',
  lessThan: 'less than',
  lessThanInclusive: 'at most',
  greaterThan: 'more than',
  greaterThanInclusive: 'at least',
  in: 'is one of',
  notIn: 'is not one of',
  contains: 'contains',
  doesNotContain: 'does not contain',
  before: 'is before',
  after: 'is after',
  withinLastDays: 'within last N days',
  notWithinLastDays: 'not within last N days',
  matches: 'matches pattern',
  startsWith: 'starts with',
  endsWith: 'ends with',
  exists: 'is set / not set',
  some: 'has an item where',
  every: 'every item has',
  count: 'count of items',
  distinctCount: 'distinct count',
};

/**
 * The operators offered for a field of this type: the ones the compiler accepts for it (all of
 * them when the type is unknown), so a pick can never come back as a type error.
 */
export function operatorsFor(type: FieldType | undefined): readonly OperatorName[] {
  return type ? OPERATORS_FOR[type] : OPERATORS;
}

/** The value input an operator needs on a field of this type. */
export type ValueKind = 'text' | 'number' | 'date' | 'boolean' | 'list' | 'days' | 'exists' | 'condition' | 'count' | 'distinct';

export function valueKind(op: OperatorName, type: FieldType | undefined): ValueKind {
  switch (op) {
    case 'in':
    case 'notIn':
      return 'list';
    case 'withinLastDays':
    case 'notWithinLastDays':
      return 'days';
    case 'exists':
      return 'exists';
    case 'some':
    case 'every':
      return 'condition';
    case 'count':
      return 'count';
    case 'distinctCount':
      return 'distinct';
    case 'before':
    case 'after':
      return 'date';
    case 'greaterThan':
    case 'greaterThanInclusive':
    case 'lessThan':
    case 'lessThanInclusive':
      return type === 'date' ? 'date' : 'number';
    default:
      return type === 'number' ? 'number' : type === 'boolean' ? 'boolean' : 'text';
  }
}

/** A sensible starting value when the operator changes, keeping the old one when it fits. */
export function coerceValue(kind: ValueKind, old: unknown): unknown {
  switch (kind) {
    case 'number':
    case 'days':
      return typeof old === 'number' ? old : Number.isFinite(Number(old)) && old !== '' ? Number(old) : 0;
    case 'boolean':
    case 'exists':
      return typeof old === 'boolean' ? old : true;
    case 'list':
      return Array.isArray(old) ? old : old === undefined || old === '' ? [] : [old];
    case 'condition':
      return isObject(old) && !('min' in old) ? old : { all: [] };
    case 'count':
      return isObject(old) && !('field' in old) ? old : { min: 1 };
    case 'distinct':
      return isObject(old) && 'field' in old ? old : { field: 'type', min: 1 };
    case 'date':
      return typeof old === 'string' ? old : '';
    default:
      return typeof old === 'string' ? old : old === undefined ? '' : String(old);
  }
}

/** Parses the text of a list input: comma-separated, numbers when the field is numeric. */
export function parseList(text: string, type: FieldType | undefined): (string | number)[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (type === 'number' && Number.isFinite(Number(s)) ? Number(s) : s));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
