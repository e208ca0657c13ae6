// Versioned schema migrations of the SQLite store. `PRAGMA user_version` holds the version a
// database is at; each step runs once, in a transaction with its version bump, so a crash
// mid-migration leaves the database at the previous version, untouched.
import type Database from 'better-sqlite3';
import { PREV_AT_MIGRATION, SQLITE_LEAD_SOURCE, funnelBasisMigration } from './funnel-sql.js';

const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY, type TEXT NOT NULL, at TEXT NOT NULL, at_ms INTEGER NOT NULL,
  lead_id TEXT, visitor_id TEXT, props TEXT, received_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS events_lead ON events(lead_id);
CREATE INDEX IF NOT EXISTS events_visitor ON events(visitor_id);
CREATE TABLE IF NOT EXISTS identities (visitor_id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, linked_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS identities_lead ON identities(lead_id);
CREATE TABLE IF NOT EXISTS leads (id TEXT PRIMARY KEY, attributes TEXT NOT NULL, account TEXT, updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS lead_stages (
  lead_id TEXT NOT NULL, rule_set_id TEXT NOT NULL, stage TEXT NOT NULL, version INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY (lead_id, rule_set_id)
);
CREATE TABLE IF NOT EXISTS stage_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, lead_id TEXT NOT NULL, rule_set_id TEXT NOT NULL, version INTEGER NOT NULL,
  from_stage TEXT, to_stage TEXT NOT NULL, at INTEGER NOT NULL, cause TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stage_history_lead ON stage_history(lead_id);
CREATE TABLE IF NOT EXISTS handoffs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, lead_id TEXT NOT NULL, rule_set_id TEXT NOT NULL, version INTEGER NOT NULL,
  stage TEXT NOT NULL, team TEXT, due_at INTEGER NOT NULL, created_at INTEGER NOT NULL, touched_at INTEGER, touched_by TEXT
);
CREATE INDEX IF NOT EXISTS handoffs_open ON handoffs(touched_at, due_at);
CREATE INDEX IF NOT EXISTS handoffs_lead ON handoffs(lead_id);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, rule_set_id TEXT NOT NULL, lead_id TEXT NOT NULL, payload TEXT NOT NULL,
  status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, last_error TEXT, last_status INTEGER,
  created_at INTEGER NOT NULL, delivered_at INTEGER
);
CREATE INDEX IF NOT EXISTS webhook_due ON webhook_deliveries(status, next_attempt_at);
CREATE TABLE IF NOT EXISTS api_keys (hash TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, origins TEXT, created_at INTEGER NOT NULL);
`;

/** Index = version reached after the step. Append only: a released step never changes. */
const STEPS: string[] = [
  '',
  // 1: the first schema (databases made before versioning are at 0 with these tables).
  SCHEMA_V1,
  // 2: event ids unique per source (a browser can no longer shadow a server event id); the
  // key that sent each event; a stable insertion order for pagination; indexes by lead and
  // time for reading only what scoring can see; and the re-score outbox. Events stored
  // before sources existed: lead events could only come with a secret key (server); visitor
  // events are taken as the browser's, which is who sends them in practice.
  `
  CREATE TABLE events_v2 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL CHECK (source IN ('browser', 'server')), id TEXT NOT NULL, key_id TEXT,
    type TEXT NOT NULL, at TEXT NOT NULL, at_ms INTEGER NOT NULL, lead_id TEXT, visitor_id TEXT, props TEXT, received_at INTEGER NOT NULL,
    UNIQUE (source, id)
  );
  INSERT INTO events_v2 (source, id, key_id, type, at, at_ms, lead_id, visitor_id, props, received_at)
    SELECT CASE WHEN lead_id IS NULL THEN 'browser' ELSE 'server' END, id, NULL, type, at, at_ms, lead_id, visitor_id, props, received_at
    FROM events ORDER BY received_at, rowid;
  DROP TABLE events;
  ALTER TABLE events_v2 RENAME TO events;
  CREATE INDEX events_lead_at ON events(lead_id, at_ms);
  CREATE INDEX events_visitor_at ON events(visitor_id, at_ms);
  CREATE TABLE rescore_queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, lead_id TEXT NOT NULL, cause TEXT NOT NULL, queued_at INTEGER NOT NULL);
  CREATE INDEX rescore_queue_lead ON rescore_queue(lead_id, seq);
  `,
  // 3: stages recorded from outside the flows (POST /v1/leads/:id/stage: the CRM's Meeting,
  // Won, Lost with a reason, a rep's answer to a handoff) go into the same history, with the
  // system they came from and their id there (unique per source, so a re-sent record counts
  // once; flow changes have neither). Covering indexes for the funnel (its query reads only
  // them, never the table: a third of the time on 1,000,000 records): a rule set's entries by
  // time, and a lead's entries by time.
  `
  ALTER TABLE stage_history ADD COLUMN source TEXT;
  ALTER TABLE stage_history ADD COLUMN record_id TEXT;
  ALTER TABLE stage_history ADD COLUMN reason TEXT;
  CREATE UNIQUE INDEX stage_history_record ON stage_history(source, record_id);
  CREATE INDEX stage_history_window ON stage_history(rule_set_id, at, lead_id, to_stage, version, cause);
  CREATE INDEX stage_history_lead_at ON stage_history(lead_id, rule_set_id, at, to_stage, cause);
  `,
  // 4: the funnel under a second on 1,000,000 records: each record's previous entry into the
  // same stage (funnel-sql.ts says why), the window's index partial and covering, handoff
  // answers and created handoffs read from indexes of their own.
  `${PREV_AT_MIGRATION}
  CREATE INDEX handoffs_created ON handoffs(rule_set_id, created_at);
  `,
  // 5: the funnel of a year of 1,000,000 records under a second: each record's next stage and
  // recycling worked out per funnel basis (funnel-sql.ts says why), lead sources as columns,
  // the index its tallies read.
  funnelBasisMigration(SQLITE_LEAD_SOURCE),
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = STEPS.length - 1;

/**
 * Brings the database to SCHEMA_VERSION (tests stop at an older `upTo`, to write rows as an
 * older Sluice did). Refuses a database from a newer Sluice (its schema is unknown here)
 * instead of writing into it.
 */
export function migrate(db: Database.Database, upTo = SCHEMA_VERSION): void {
  const at = Number(db.pragma('user_version', { simple: true }));
  if (at > SCHEMA_VERSION) throw new Error(`the database is at schema version ${at}, newer than this Sluice (${SCHEMA_VERSION}); upgrade Sluice`);
  for (let v = at + 1; v <= upTo; v++) {
    db.transaction(() => {
      db.exec(STEPS[v] ?? '');
      db.pragma(`user_version = ${v}`);
    })();
  }
}
