import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgresStore, redactUrl } from './postgres.js';
import { PG_SCHEMA_VERSION, migratePostgres } from './postgres-migrations.js';
import { expectMigratedFunnelAsReference, olderHistoryRows, olderLeadRows } from '../test-support/funnel-reference.js';
import { SKIPPED } from './store.js';
import type { NewEvent, Store } from './store.js';
import { describeStoreContract } from '../test-support/store-contract.js';
import { createTestDatabase, postgres } from '../test-support/postgres.js';

let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;

describe.skipIf(!postgres.available)(`PostgreSQL${postgres.skipNote}`, () => {
  describeStoreContract('PostgreSQL', {
    async open() {
      db = await createTestDatabase();
      return openPostgresStore(db.url);
    },
    async cleanup() {
      await db?.drop();
      db = undefined;
    },
  });
});

const T0 = Date.parse('2025-06-02T10:00:00Z');
const ev = (id: string, over: Partial<NewEvent> = {}): NewEvent => ({ id, source: 'server', type: 'page_view', at: T0, atMs: T0, leadId: 'L', ...over });

describe.skipIf(!postgres.available)(`PostgreSQL store: several instances on one database${postgres.skipNote}`, () => {
  const stores: Store[] = [];
  const open = async (n: number) => {
    db ??= await createTestDatabase();
    const url = db.url;
    const opened = await Promise.all(Array.from({ length: n }, () => openPostgresStore(url)));
    stores.push(...opened);
    return opened;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await db?.drop();
    db = undefined;
  });

  it('migrates once when several instances start at the same moment', async () => {
    const [a] = await open(4);
    const c = new pg.Client({ connectionString: db?.url });
    await c.connect();
    const rows = (await c.query('SELECT version FROM sluice_schema_versions ORDER BY version')).rows.map((r: { version: number }) => r.version);
    await c.end();
    expect(rows).toEqual(Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1));
    expect(await a?.countEvents()).toBe(0);
  });

  it('fills prev_at for the stage records stored before it (step 6), adds the funnel basis (step 7): the funnel counts them exactly', async () => {
    db ??= await createTestDatabase();
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await migratePostgres(c as unknown as pg.PoolClient, 5); // before step 6 (prev_at) and step 7 (the funnel basis)
      for (const r of olderHistoryRows()) {
        await c.query('INSERT INTO stage_history (lead_id, rule_set_id, version, to_stage, at, cause, source, record_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', r);
      }
      for (const r of olderLeadRows()) await c.query('INSERT INTO leads (id, attributes, account, updated_at) VALUES ($1, $2, NULL, $3)', r);
    } finally {
      await c.end();
    }
    const [store] = await open(1);
    if (!store) throw new Error('no store');
    await expectMigratedFunnelAsReference(store);
  });

  it('refuses a database from a newer Sluice instead of writing into it', async () => {
    await open(1);
    const c = new pg.Client({ connectionString: db?.url });
    await c.connect();
    await c.query('INSERT INTO sluice_schema_versions VALUES ($1, 0)', [PG_SCHEMA_VERSION + 1]);
    await c.end();
    await expect(openPostgresStore(db?.url ?? '')).rejects.toThrow(/schema version .* newer than this Sluice/);
  });

  it('stores each event once when instances ingest overlapping batches at once', async () => {
    const [a, b, c] = await open(3);
    // Each batch holds ids shared with the others, in a different order (a lock-order trap).
    const ids = Array.from({ length: 60 }, (_, i) => `e${i}`);
    const batches = Array.from({ length: 12 }, (_, k) => (k % 2 ? [...ids].reverse() : ids).filter((_, i) => (i + k) % 3 !== 0));
    const results = await Promise.all(batches.map((ids, k) => [a, b, c][k % 3]!.addEvents(ids.map((id) => ev(id, { leadId: `L${id.length}` })), T0)));
    const inserted = results.flatMap((r) => r.inserted.map((e) => e.id));
    expect(inserted.sort()).toEqual([...ids].sort());
    expect(await a!.countEvents()).toBe(60);
    for (const r of results) expect(r.inserted.length + r.duplicates.length).toBe(40);
  });

  it('records one stage change when instances record the same change for a lead at once', async () => {
    const stores = await open(3);
    const rs = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        stores[i % 3]!.recordStage({ leadId: 'L', ruleSetId: 'rs', version: 1, stage: 'SQL', at: T0, cause: 'events', handoff: { dueAt: T0 + 1 }, webhooks: ['https://crm.example/h'] }),
      ),
    );
    expect(rs.filter((r) => r.changed)).toHaveLength(1);
    expect(await stores[0]!.stageHistory('L')).toHaveLength(1);
    expect(await stores[1]!.handoffs('L')).toHaveLength(1);
    expect(await stores[2]!.listDeliveries(undefined, 10)).toHaveLength(1);
  });

  it('serialises re-scores of one lead across instances (withLeadLock), not those of different leads', async () => {
    const [a, b] = await open(2);
    const log: string[] = [];
    const work = (s: Store, lead: string, tag: string) =>
      s.withLeadLock(lead, async () => {
        log.push(`${tag}+`);
        await new Promise((r) => setTimeout(r, 50));
        log.push(`${tag}-`);
        return tag;
      });
    expect(await Promise.all([work(a!, 'L', 'a'), work(b!, 'L', 'b')])).toEqual(['a', 'b']);
    expect([log.join(' ')]).toContainEqual(expect.stringMatching(/^(a\+ a- b\+ b-|b\+ b- a\+ a-)$/));
    log.length = 0;
    await Promise.all([work(a!, 'L1', 'a'), work(b!, 'L2', 'b')]);
    expect(log.slice(0, 2).sort()).toEqual(['a+', 'b+']);
  });

  it('runs periodic work on one instance at a time (once)', async () => {
    const [a, b] = await open(2);
    let release = () => {};
    let started = () => {};
    const running = new Promise<void>((r) => (started = r));
    const held = a!.once('sweep', () => {
      started();
      return new Promise<string>((r) => (release = () => r('ran')));
    });
    await running;
    expect(await b!.once('sweep', async () => 'also')).toBe(SKIPPED);
    release();
    expect(await held).toBe('ran');
    expect(await b!.once('sweep', async () => 'now')).toBe('now');
  });

  it('gives each due webhook delivery to one claimant; one whose claimant died is due again after the lease', async () => {
    const stores = await open(3);
    for (let i = 0; i < 30; i++) await stores[0]!.recordStage({ leadId: `L${i}`, ruleSetId: 'rs', version: 1, stage: 'SQL', at: T0, cause: 'events', webhooks: ['https://crm.example/h'] });
    const claims = await Promise.all(stores.flatMap((s) => [s.claimDeliveries(T0, 7, 60_000), s.claimDeliveries(T0, 7, 60_000)]));
    const ids = claims.flat().map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(30);
    // Nobody marked them: the claimants "died". Before the lease ends nothing is due...
    expect(await stores[1]!.claimDeliveries(T0 + 59_999, 100, 60_000)).toEqual([]);
    // ...after it, every one is due again, for one claimant.
    expect((await stores[1]!.claimDeliveries(T0 + 60_000, 100, 60_000)).length).toBe(30);
  });
});

describe.skipIf(!postgres.available)(`PostgreSQL store: database unreachable${postgres.skipNote}`, () => {
  it('a store that cannot reach the database names it without the password', async () => {
    // Port 1 is never a PostgreSQL server.
    await expect(openPostgresStore('postgres://sluice:hunter2@127.0.0.1:1/none', { connectTimeoutMs: 1000 })).rejects.toThrow(/PostgreSQL at postgres:\/\/sluice:\*\*\*@127\.0\.0\.1:1\/none/);
    expect(redactUrl('postgres://u:p@h/db')).not.toContain(':p@');
  });

  it('answers 503 unavailable once the server has gone, and works again when it is back', async () => {
    db = await createTestDatabase();
    const store = await openPostgresStore(db.url, { connectTimeoutMs: 1000 });
    try {
      await store.addEvents([ev('before')], T0);
      // The server ends every connection to this database (what a restart or failover does).
      const admin = new pg.Client({ connectionString: db.url.replace(/\/[^/]*$/, '/test') });
      await admin.connect();
      await admin.query('ALTER DATABASE ' + db.name + ' ALLOW_CONNECTIONS false');
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db.name]);
      const err = await store.addEvents([ev('during')], T0).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'unavailable', status: 503, headers: { 'retry-after': '1' } });
      await expect(store.ping()).rejects.toMatchObject({ code: 'unavailable' });
      await admin.query('ALTER DATABASE ' + db.name + ' ALLOW_CONNECTIONS true');
      await admin.end();
      expect((await store.addEvents([ev('during'), ev('before')], T0)).duplicates).toEqual(['before']);
      expect(await store.countEvents()).toBe(2);
    } finally {
      await store.close();
      await db.drop();
      db = undefined;
    }
  });
});
