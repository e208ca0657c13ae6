import type { Field, Issue, RuleSet } from '@sluice/schemas';
import { migrate, toIssues } from '@sluice/schemas';
import { validateRuleSet } from '@sluice/schemas/validators';
import { checkNodes } from './check.js';
import { contentHash } from './compile.js';
import { RuleSetError } from './errors.js';
import { programOf } from './program.js';

export type LoadResult = { ok: true; ruleSet: RuleSet } | { ok: false; errors: Issue[] };

/**
 * Validates a rule-set document (from a file, the network, a database) before it is used:
 * the schema, the content hash, every node's checks and the structure evaluation needs.
 * Every problem is reported, each naming its node and field.
 *
 * @example
 * const r = loadRuleSet(JSON.parse(text));
 * if (r.ok) evaluate(r.ruleSet, input, { now: Date.now() });
 */
export function loadRuleSet(doc: unknown): LoadResult {
  const m = migrate('ruleset', doc);
  if (!m.ok) return { ok: false, errors: m.issues };
  if (!validateRuleSet(m.doc)) return { ok: false, errors: toIssues(validateRuleSet.errors, m.doc) };
  const rs = m.doc as RuleSet;
  const errors: Issue[] = [];
  if (contentHash(rs) !== rs.hash) {
    errors.push({ path: '/hash', message: 'does not match the content: the file was edited after compiling; compile it again from its flow' });
  }
  const start = rs.nodes.find((n) => n.id === rs.entry);
  if (start?.kind !== 'start') errors.push({ path: '/entry', message: 'must be the id of the start node' });
  const fields: Field[] = start?.kind === 'start' ? start.config.fields : [];
  errors.push(...checkNodes(rs.nodes, { fields, scores: rs.scores.map((s) => s.name), stages: rs.stages }));
  if (errors.length > 0) return { ok: false, errors };
  try {
    programOf(rs);
  } catch (e) {
    if (e instanceof RuleSetError) return { ok: false, errors: e.errors };
    throw e;
  }
  return { ok: true, ruleSet: rs };
}
