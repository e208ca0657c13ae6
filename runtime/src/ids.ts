import { SluiceError } from './errors.js';

/** Rule-set ids: the same pattern as the schema's `Id`; the only strings used in file names. */
export const RULE_SET_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Returns `id` when it is a valid rule-set id, or throws a 400. Every file name the runtime
 * builds goes through here first, so nothing a client sends can reach another path.
 *
 * @example
 * const file = join(dir, `${ruleSetId(c.req.param('id'))}.flow.json`);
 */
export function ruleSetId(id: unknown): string {
  if (typeof id !== 'string' || !RULE_SET_ID.test(id)) {
    throw new SluiceError('invalid_id', 'rule-set ids are 1-64 lower-case letters, digits and dashes, starting with a letter or digit', {
      pattern: RULE_SET_ID.source,
    });
  }
  return id;
}

/** Parses a version number (positive integer) from a path or query parameter. */
export function versionNumber(v: unknown, name = 'version'): number {
  const n = typeof v === 'string' && /^[1-9][0-9]{0,8}$/.test(v) ? Number(v) : typeof v === 'number' ? v : NaN;
  if (!Number.isInteger(n) || n < 1) throw new SluiceError('bad_request', `${name} must be a positive integer`);
  return n;
}

/** Lead ids come from CRMs: any printable string up to 256 characters (never a file name). */
export function leadId(id: unknown): string {
  // eslint-disable-next-line no-control-regex
  if (typeof id !== 'string' || id.length === 0 || id.length > 256 || /[\u0000-\u001f/\\]/.test(id)) {
    throw new SluiceError('bad_request', 'lead ids are 1-256 characters without control characters or slashes');
  }
  return id;
}
