// Versioned schema migrations of the PostgreSQL store. `sluice_schema_versions` holds one row
// per step applied. Every instance migrates on start, in one transaction under an advisory
// lock: when several start at once, one migrates and the others wait, then find nothing to
// do. PostgreSQL's DDL is transactional, so a crash mid-migration leaves the previous version.
import type { PoolClient } from 'pg';

/** The advisory lock (two-int form: namespace, key) that migrations hold; see postgres.ts for the others. */
export const MIGRATION_LOCK = [0x51c3, 1] as const;

// The same tables and columns as the SQLite store (store/rows.ts reads both). Times are
// epoch ms in BIGINT; JSON is kept as text, byte for byte as it was sent.
const SCHEMA_V1 = `
CREATE TABLE events (
  seq BIGSERIAL PRIMARY KEY, source TEXT NOT NULL CHECK (source IN ('browser', 'server')), id TEXT NOT NULL, key_id TEXT,
  type TEXT NOT NULL, at TEXT NOT NULL, at_ms BIGINT NOT NULL, lead_id TEXT, visitor_id TEXT, props TEXT, received_at BIGINT NOT NULL,
  UNIQUE (source, id)
);
CREATE INDEX events_lead_at ON events(lead_id, at_ms);
CREATE INDEX events_visitor_at ON events(visitor_id, at_ms);
CREATE TABLE identities (visitor_id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, linked_at BIGINT NOT NULL);
CREATE INDEX identities_lead ON identities(lead_id);
CREATE TABLE leads (id TEXT PRIMARY KEY, attributes TEXT NOT NULL, account TEXT, updated_at BIGINT NOT NULL);
CREATE TABLE lead_stages (
  lead_id TEXT NOT NULL, rule_set_id TEXT NOT NULL, stage TEXT NOT NULL, version INTEGER NOT NULL, updated_at BIGINT NOT NULL,
  PRIMARY KEY (lead_id, rule_set_id)
);
CREATE TABLE stage_history (
  seq BIGSERIAL PRIMARY KEY, lead_id TEXT NOT NULL, rule_set_id TEXT NOT NULL, version INTEGER NOT NULL,
  from_stage TEXT, to_stage TEXT NOT NULL, at BIGINT NOT NULL, cause TEXT NOT NULL
);
CREATE INDEX stage_history_lead ON stage_history(lead_id, seq);
CREATE TABLE handoffs (
  id BIGSERIAL PRIMARY KEY, lead_id TEXT NOT NULL, rule_set_id TEXT NOT NULL, version INTEGER NOT NULL,
  stage TEXT NOT NULL, team TEXT, due_at BIGINT NOT NULL, created_at BIGINT NOT NULL, touched_at BIGINT, touched_by TEXT
);
CREATE INDEX handoffs_open ON handoffs(due_at, id) WHERE touched_at IS NULL;
CREATE INDEX handoffs_lead ON handoffs(lead_id);
CREATE TABLE webhook_deliveries (
  id BIGSERIAL PRIMARY KEY, url TEXT NOT NULL, rule_set_id TEXT NOT NULL, lead_id TEXT NOT NULL, payload TEXT NOT NULL,
  status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at BIGINT NOT NULL, last_error TEXT, last_status INTEGER,
  created_at BIGINT NOT NULL, delivered_at BIGINT
);
CREATE INDEX webhook_due ON webhook_deliveries(next_attempt_at, id) WHERE status = 'pending';
CREATE TABLE api_keys (hash TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, origins TEXT, created_at BIGINT NOT NULL);
CREATE TABLE rescore_queue (seq BIGSERIAL PRIMARY KEY, lead_id TEXT NOT NULL, cause TEXT NOT NULL, queued_at BIGINT NOT NULL);
CREATE INDEX rescore_queue_lead ON rescore_queue(lead_id, seq);
`;

/** Index = version reached after the step. Append only: a released step never changes. */
const STEPS: string[] = ['', SCHEMA_V1];

/** The schema version this code writes. */
export const PG_SCHEMA_VERSION = STEPS.length - 1;

/**
 * Brings the database to PG_SCHEMA_VERSION on `c` (a client of its own: the transaction and
 * the lock are this connection's). Refuses a database from a newer Sluice. Returns the
 * versions it applied (none when another instance got there first).
 */
export async function migratePostgres(c: PoolClient): Promise<number[]> {
  await c.query('BEGIN');
  try {
    await c.query('SELECT pg_advisory_xact_lock($1, $2)', [...MIGRATION_LOCK]);
    await c.query('CREATE TABLE IF NOT EXISTS sluice_schema_versions (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const r = await c.query<{ v: number | null }>('SELECT MAX(version) AS v FROM sluice_schema_versions');
    const at = r.rows[0]?.v ?? 0;
    if (at > PG_SCHEMA_VERSION) throw new Error(`the database is at schema version ${at}, newer than this Sluice (${PG_SCHEMA_VERSION}); upgrade Sluice`);
    const applied: number[] = [];
    for (let v = at + 1; v <= PG_SCHEMA_VERSION; v++) {
      await c.query(STEPS[v] ?? '');
      // The primary key makes a second application of a step fail loudly, never silently.
      await c.query('INSERT INTO sluice_schema_versions (version, applied_at) VALUES ($1, $2)', [v, Date.now()]);
      applied.push(v);
    }
    await c.query('COMMIT');
    return applied;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  }
}
