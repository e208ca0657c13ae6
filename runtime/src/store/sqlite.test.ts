import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite.js';
import { SCHEMA_VERSION, migrate } from './sqlite-migrations.js';
import { describeStoreContract } from '../test-support/store-contract.js';
import { expectMigratedFunnelAsReference, olderHistoryRows, olderLeadRows } from '../test-support/funnel-reference.js';
import { tempDir } from '../test-support/harness.js';

let dir = '';
describeStoreContract('SQLite', {
  async open() {
    dir = tempDir('sluice-store-');
    return openSqliteStore(join(dir, 'sluice.db'));
  },
  async cleanup() {
    rmSync(dir, { recursive: true, force: true });
  },
});

describe('SQLite funnel basis', () => {
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a build stopped mid-way (a crash) resumes after the last lead it finished, and the funnel is exact', async () => {
    dir = tempDir('sluice-basis-');
    const file = join(dir, 'sluice.db');
    const seq = ['Lead', 'MQL', 'SQL', 'Meeting', 'Won'];
    const store = openSqliteStore(file);
    for (const [id, attributes, at] of olderLeadRows()) await store.putLead(id, JSON.parse(attributes) as Record<string, unknown>, undefined, at);
    for (const [i, r] of olderHistoryRows().entries()) {
      const [leadId, ruleSetId, version, to, at, cause] = r;
      await store.recordStageRecord({ leadId, ruleSetId, version, to, at, cause: cause === 'handoff' ? 'handoff' : 'crm', reason: null, source: 'crm', recordId: `r${i}` });
    }
    await store.prepareFunnel('rs', seq, 'Recycled');
    await store.close();
    // As a crash would leave it: leads up to L4 worked out, the rest not (wrong values).
    const db = new Database(file);
    db.prepare("UPDATE funnel_basis SET built_to = 'L4', ready = 0").run();
    const wrong = db.prepare("UPDATE stage_history SET funnel_next_at = 0, funnel_recycled = 1 WHERE lead_id > 'L4'").run().changes;
    expect(wrong).toBeGreaterThan(0);
    db.close();
    const reopened = openSqliteStore(file);
    try {
      await expectMigratedFunnelAsReference(reopened);
    } finally {
      await reopened.close();
    }
  });
});

describe('SQLite migrations', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('brings a database from before versioning to the current schema, keeping its events', async () => {
    root = tempDir('sluice-migrate-');
    const file = join(root, 'sluice.db');
    // The schema as released before event sources (user_version 0), with rows in it.
    const old = new Database(file);
    old.exec(`CREATE TABLE events (id TEXT PRIMARY KEY, type TEXT NOT NULL, at TEXT NOT NULL, at_ms INTEGER NOT NULL,
      lead_id TEXT, visitor_id TEXT, props TEXT, received_at INTEGER NOT NULL);
      CREATE TABLE identities (visitor_id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, linked_at INTEGER NOT NULL);`);
    const put = old.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    put.run('s1', 'demo_request', '2025-06-01T12:00:00Z', Date.parse('2025-06-01T12:00:00Z'), 'L', null, '{"x":1}', 1);
    put.run('b1', 'page_view', '1748779200000', 1748779200000, null, 'v', null, 2);
    old.prepare('INSERT INTO identities VALUES (?, ?, ?)').run('v', 'L', 3);
    old.close();

    const store = openSqliteStore(file);
    try {
      const events = await store.eventsForLead('L');
      expect(events.map((e) => [e.id, e.source, e.type, e.at, e.props])).toEqual([
        ['s1', 'server', 'demo_request', '2025-06-01T12:00:00Z', { x: 1 }],
        ['b1', 'browser', 'page_view', 1748779200000, undefined],
      ]);
      // Retries of migrated events are still duplicates; the other source's id is free.
      const r = await store.addEvents([{ id: 's1', source: 'server', type: 'x', at: 0, atMs: 0, leadId: 'L' }, { id: 's1', source: 'browser', type: 'x', at: 0, atMs: 0, visitorId: 'v' }], 9);
      expect(r.duplicates).toEqual(['s1']);
      expect(r.inserted.map((e) => e.source)).toEqual(['browser']);
    } finally {
      await store.close();
    }
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    // Opening again migrates nothing twice.
    const again = openSqliteStore(file);
    expect(await again.countEvents()).toBe(3);
    await again.close();
  });

  it('fills prev_at for the stage records stored before it (step 4): the funnel counts them exactly', async () => {
    root = tempDir('sluice-migrate-');
    const file = join(root, 'sluice.db');
    const old = new Database(file);
    migrate(old, 3);
    const put = old.prepare('INSERT INTO stage_history (lead_id, rule_set_id, version, to_stage, at, cause, source, record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const r of olderHistoryRows()) put.run(...r);
    const lead = old.prepare('INSERT INTO leads (id, attributes, account, updated_at) VALUES (?, ?, NULL, ?)');
    for (const r of olderLeadRows()) lead.run(...r);
    old.close();
    const store = openSqliteStore(file);
    try {
      await expectMigratedFunnelAsReference(store);
    } finally {
      await store.close();
    }
  });

  it('refuses a database from a newer Sluice instead of writing into it', () => {
    root = tempDir('sluice-migrate-');
    const file = join(root, 'sluice.db');
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openSqliteStore(file)).toThrow(/schema version .* newer than this Sluice/);
  });
});
