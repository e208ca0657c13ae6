// The funnel's one query, for SQLite and PostgreSQL alike (each passes its parameter syntax).

/**
 * Each lead's first entry into each stage in the window, with its first later entry into a
 * stage further along `seq` and whether it had passed the recycled stage before. `seq` is a
 * VALUES list of (stage, position), so the sequence is data, not SQL. Standard SQL
 * (ROW_NUMBER, correlated subqueries): PostgreSQL runs it as written, with $n parameters.
 */
export function funnelEntriesSql(n: number, param: (name: string) => string): string {
  const values = Array.from({ length: n }, (_, i) => `(${param(`s${i}`)}, ${i})`).join(', ');
  const rs = param('rs');
  return `WITH seq(stage, pos) AS (VALUES ${values}),
firsts AS (
  SELECT lead_id, to_stage, at, version FROM (
    SELECT lead_id, to_stage, at, version, ROW_NUMBER() OVER (PARTITION BY lead_id, to_stage ORDER BY at, seq) AS n
    FROM stage_history WHERE rule_set_id = ${rs} AND cause <> 'handoff' AND at >= ${param('from')} AND at < ${param('to')}
  ) w WHERE n = 1
)
SELECT f.lead_id, f.to_stage, f.at, f.version,
  CASE WHEN p.pos IS NULL THEN NULL ELSE (
    SELECT MIN(h.at) FROM stage_history h JOIN seq p2 ON p2.stage = h.to_stage
    WHERE h.lead_id = f.lead_id AND h.rule_set_id = ${rs} AND h.at >= f.at AND p2.pos > p.pos AND h.cause <> 'handoff'
  ) END AS next_at,
  CASE WHEN EXISTS (
    SELECT 1 FROM stage_history r WHERE r.lead_id = f.lead_id AND r.rule_set_id = ${rs} AND r.to_stage = ${param('recycled')} AND r.at < f.at
  ) THEN 1 ELSE 0 END AS recycled
FROM firsts f LEFT JOIN seq p ON p.stage = f.to_stage`;
}
