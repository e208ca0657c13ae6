// Versioned schema migrations of the PostgreSQL store. `sluice_schema_versions` holds one row
// per step applied. Every instance migrates on start, in one transaction under an advisory
// lock: when several start at once, one migrates and the others wait, then find nothing to
// do. PostgreSQL's DDL is transactional, so a crash mid-migration leaves the previous version.
import type { PoolClient } from 'pg';
import { POSTGRES_LEAD_SOURCE, PREV_AT_MIGRATION, funnelBasisMigration } from './funnel-sql.js';

/** The advisory lock (two-int form: namespace, key) that migrations hold; see postgres.ts for the others. */
export const MIGRATION_LOCK = [0x51c3, 1] as const;

// The same tables and columns as the SQLite store (store/rows.ts reads both). Times are
// epoch ms in BIGINT, except an event's at_ms: a client may send a fractional epoch and
// scoring windows are fractional (days of floating point), as SQLite keeps them. JSON is kept
// as text, byte for byte as it was sent.
const SCHEMA_V1 = `
CREATE TABLE events (
  seq BIGSERIAL PRIMARY KEY, source TEXT NOT NULL CHECK (source IN ('browser', 'server')), id TEXT NOT NULL, key_id TEXT,
  type TEXT NOT NULL, at TEXT NOT NULL, at_ms DOUBLE PRECISION NOT NULL, lead_id TEXT, visitor_id TEXT, props TEXT, received_at BIGINT NOT NULL,
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

// Rate-limit token buckets shared by every runtime (limits/postgres-limiter.ts). One call takes
// a token from each bucket or from none, atomically: rows are locked in id order (no deadlock
// between two requests sharing buckets), refilled to now, then charged only if all have one.
// full_at (when the bucket will be full again) lets idle buckets be deleted: a missing bucket
// is a full one.
const RATE_LIMITS_V2 = `
CREATE TABLE rate_buckets (id TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT NULL, at BIGINT NOT NULL, full_at BIGINT NOT NULL);
CREATE INDEX rate_buckets_full ON rate_buckets(full_at);
CREATE FUNCTION sluice_rate_take(ids TEXT[], rates DOUBLE PRECISION[], bursts DOUBLE PRECISION[], now_ms BIGINT, refund BOOLEAN) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  wait INTEGER;
BEGIN
  INSERT INTO rate_buckets (id, tokens, at, full_at)
    SELECT u.id, u.burst, now_ms, now_ms FROM unnest(ids, bursts) AS u(id, burst) ORDER BY u.id
    ON CONFLICT (id) DO NOTHING;
  PERFORM 1 FROM rate_buckets WHERE id = ANY(ids) ORDER BY id FOR UPDATE;
  UPDATE rate_buckets r SET tokens = LEAST(u.burst, r.tokens + GREATEST(0, now_ms - r.at) / 1000.0 * u.rate), at = GREATEST(r.at, now_ms)
    FROM unnest(ids, rates, bursts) AS u(id, rate, burst) WHERE r.id = u.id;
  IF refund THEN
    UPDATE rate_buckets r SET tokens = LEAST(u.burst, r.tokens + 1) FROM unnest(ids, bursts) AS u(id, burst) WHERE r.id = u.id;
    wait := 0;
  ELSE
    SELECT COALESCE(MAX(CASE WHEN r.tokens < 1 THEN CEIL((1 - r.tokens) / u.rate) ELSE 0 END), 0)::INTEGER INTO wait
      FROM rate_buckets r JOIN unnest(ids, rates) AS u(id, rate) ON r.id = u.id;
    IF wait = 0 THEN
      UPDATE rate_buckets SET tokens = tokens - 1 WHERE id = ANY(ids);
    END IF;
  END IF;
  UPDATE rate_buckets r SET full_at = r.at + CEIL(GREATEST(0, u.burst - r.tokens) / u.rate * 1000)::BIGINT
    FROM unnest(ids, rates, bursts) AS u(id, rate, burst) WHERE r.id = u.id;
  RETURN wait;
END $$;
`;

// Published rule-set versions, so runtimes need no shared folder (registry/shared-versions.ts):
// (id, version) is unique, seq orders them for the runtimes that poll for new ones.
const RULE_SET_VERSIONS_V3 = `
CREATE TABLE rule_set_versions (
  seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL, version INTEGER NOT NULL, hash TEXT NOT NULL, body TEXT NOT NULL, published_at BIGINT NOT NULL,
  UNIQUE (id, version)
);
`;

// Lead ids in byte order (the export's cursor; SQLite compares text by bytes), whatever the
// database's collation, each walked through an index from the cursor.
const LEAD_ID_ORDER_V4 = `
CREATE INDEX leads_id_c ON leads (id COLLATE "C");
CREATE INDEX events_lead_c ON events (lead_id COLLATE "C");
CREATE INDEX identities_lead_c ON identities (lead_id COLLATE "C");
`;

// Stages recorded from outside the flows (POST /v1/leads/:id/stage), as SQLite's step 3: the
// system they came from and their id there (unique per source: a re-sent record counts once),
// the reason; covering indexes for the funnel's query.
const STAGE_RECORDS_V5 = `
ALTER TABLE stage_history ADD COLUMN source TEXT;
ALTER TABLE stage_history ADD COLUMN record_id TEXT;
ALTER TABLE stage_history ADD COLUMN reason TEXT;
CREATE UNIQUE INDEX stage_history_record ON stage_history(source, record_id);
CREATE INDEX stage_history_window ON stage_history(rule_set_id, at, lead_id, to_stage, version, cause);
CREATE INDEX stage_history_lead_at ON stage_history(lead_id, rule_set_id, at, to_stage, cause);
CREATE INDEX handoffs_created ON handoffs(rule_set_id, created_at);
`;

// The funnel under a second on 1,000,000 records, as SQLite's step 4: each record's previous
// entry into the same stage (funnel-sql.ts says why), backfilled; the funnel's indexes.
const FUNNEL_PREV_AT_V6 = PREV_AT_MIGRATION;

// As SQLite's step 5: the funnel basis (funnel-sql.ts), lead sources as columns, the index
// the funnel's tallies read.
const FUNNEL_BASIS_V7 = funnelBasisMigration(POSTGRES_LEAD_SOURCE);

/** Index = version reached after the step. Append only: a released step never changes. */
const STEPS: string[] = ['', SCHEMA_V1, RATE_LIMITS_V2, RULE_SET_VERSIONS_V3, LEAD_ID_ORDER_V4, STAGE_RECORDS_V5, FUNNEL_PREV_AT_V6, FUNNEL_BASIS_V7];

/** The schema version this code writes. */
export const PG_SCHEMA_VERSION = STEPS.length - 1;

/**
 * Brings the database to PG_SCHEMA_VERSION on `c` (a client of its own: the transaction and
 * the lock are this connection's). Refuses a database from a newer Sluice. Returns the
 * versions it applied (none when another instance got there first). Tests stop at an older
 * `upTo`, to write rows as an older Sluice did.
 */
export async function migratePostgres(c: PoolClient, upTo = PG_SCHEMA_VERSION): Promise<number[]> {
  await c.query('BEGIN');
  try {
    await c.query('SELECT pg_advisory_xact_lock($1, $2)', [...MIGRATION_LOCK]);
    await c.query('CREATE TABLE IF NOT EXISTS sluice_schema_versions (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const r = await c.query<{ v: number | null }>('SELECT MAX(version) AS v FROM sluice_schema_versions');
    const at = r.rows[0]?.v ?? 0;
    if (at > PG_SCHEMA_VERSION) throw new Error(`the database is at schema version ${at}, newer than this Sluice (${PG_SCHEMA_VERSION}); upgrade Sluice`);
    const applied: number[] = [];
    for (let v = at + 1; v <= upTo; v++) {
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
