// The funnel's SQL, for SQLite and PostgreSQL alike (each passes its parameter syntax).
//
// Why `prev_at`: the funnel counts each lead's first entry into a stage *within the window*.
// Finding it used to take a window function over every record in the window (a sort of all of
// them). Each history row now carries the time of the same lead's previous entry into the same
// stage (same rule set; handoff answers aside), kept when a record is written (prevAtSql,
// followingSql) and backfilled by the migration that added it: a row is a first entry in
// [from, to) exactly when its prev_at is null or before `from` — a filter on one index range.

/**
 * Each lead's first entry into each stage in the window, with its first later entry into a
 * stage further along the sequence and whether it had passed the recycled stage before.
 * The sequence is parameters `s0…s{n-1}`; a stage's position is a CASE over them, so the
 * sequence is data, not SQL. The first entries are read in lead order before the two
 * look-ups per entry, so that those walk the lead index in order instead of at random.
 *
 * Columns: lead_id (null unless `leadIds`), the stage's position in the sequence, the stage's
 * name only when it is not in the sequence, at, version, next_at, recycled (0/1). Numbers
 * instead of repeated strings: on a quarter of 250,000 entries, turning each row into
 * JavaScript values costs as much as the query itself, strings most of all.
 */
export function funnelEntriesSql(n: number, param: (name: string) => string, leadIds: boolean): string {
  const pos = (col: string) => `(CASE ${col} ${Array.from({ length: n }, (_, i) => `WHEN ${param(`s${i}`)} THEN ${i}`).join(' ')} END)`;
  const rs = param('rs');
  return `WITH firsts AS MATERIALIZED (
  SELECT lead_id, to_stage, ${pos('to_stage')} AS pos, at, version FROM stage_history
  WHERE rule_set_id = ${rs} AND cause <> 'handoff' AND at >= ${param('from')} AND at < ${param('to')} AND (prev_at IS NULL OR prev_at < ${param('from')})
  ORDER BY lead_id
)
SELECT ${leadIds ? 'f.lead_id' : 'NULL'} AS lead_id, f.pos, CASE WHEN f.pos IS NULL THEN f.to_stage END AS other_stage, f.at, f.version,
  (SELECT MIN(h.at) FROM stage_history h
    WHERE h.lead_id = f.lead_id AND h.rule_set_id = ${rs} AND h.at >= f.at AND h.cause <> 'handoff' AND ${pos('h.to_stage')} > f.pos
  ) AS next_at,
  CASE WHEN EXISTS (
    SELECT 1 FROM stage_history r WHERE r.lead_id = f.lead_id AND r.rule_set_id = ${rs} AND r.to_stage = ${param('recycled')} AND r.at < f.at
  ) THEN 1 ELSE 0 END AS recycled
FROM firsts f`;
}

/**
 * The `prev_at` of a record about to be written (parameters lead, rs, stage, at): the latest
 * entry of the lead into the stage at or before `at`. A new row has the highest seq, so a
 * stored row with the same time comes before it.
 */
export function prevAtSql(param: (name: string) => string): string {
  return `SELECT at FROM stage_history WHERE lead_id = ${param('lead')} AND rule_set_id = ${param('rs')} AND to_stage = ${param('stage')}
  AND cause <> 'handoff' AND at <= ${param('at')} ORDER BY at DESC, seq DESC LIMIT 1`;
}

/**
 * After writing a record dated `at` (a CRM record may be dated in the past): the lead's next
 * entry into the same stage, if any, now follows this one.
 */
export function followingSql(param: (name: string) => string): string {
  return `UPDATE stage_history SET prev_at = ${param('at')} WHERE seq = (
  SELECT seq FROM stage_history WHERE lead_id = ${param('lead')} AND rule_set_id = ${param('rs')} AND to_stage = ${param('stage')}
  AND cause <> 'handoff' AND at > ${param('at')} ORDER BY at, seq LIMIT 1)`;
}

/**
 * Migration: the `prev_at` column, filled for every stored record, and the funnel's indexes
 * (the same statements in both stores). The window's index is partial (handoff answers, which
 * the funnel reads apart, are not in it) and covering, so first entries are read from it alone.
 */
export const PREV_AT_MIGRATION = `
ALTER TABLE stage_history ADD COLUMN prev_at BIGINT;
UPDATE stage_history SET prev_at = p.prev FROM (
  SELECT seq, LAG(at) OVER (PARTITION BY lead_id, rule_set_id, to_stage ORDER BY at, seq) AS prev FROM stage_history WHERE cause <> 'handoff'
) p WHERE p.seq = stage_history.seq AND p.prev IS NOT NULL;
DROP INDEX stage_history_window;
CREATE INDEX stage_history_funnel ON stage_history(rule_set_id, at, lead_id, to_stage, version, prev_at, cause) WHERE cause <> 'handoff';
CREATE INDEX stage_history_answers ON stage_history(rule_set_id, at) WHERE cause = 'handoff';
`;
