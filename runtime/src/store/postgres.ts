import pg from 'pg';
import type { PoolClient, QueryResultRow } from 'pg';
import type { EventWindow, NewEvent, QueuedRescore, StageChange, Store, WebhookDelivery } from './store.js';
import { SKIPPED, stageChangedPayload } from './store.js';
import { migratePostgres } from './postgres-migrations.js';
import { BASIS_SQL, BATCH_END_SQL, BUILD_BATCH_RECORDS, AFTER_INSERT_SQL, LEAD_SOURCE_OF, STAGES_SQL, SYNC_SOURCE_SQL, assembleTallies, buildBatchSql, leadSource, paramNames, sameBasis, setBasisStatements, tallyStatements } from './funnel-sql.js';
import { json, str, withNewest, toDelivery, toEvent, toHandoff, toLead, toStage, toStageChange } from './rows.js';
import type { Row } from './rows.js';
import { SluiceError } from '../errors.js';
import type { RateLimiter } from '../limits/limiter.js';
import { PostgresRateLimiter } from '../limits/postgres-limiter.js';
import type { VersionTable } from '../registry/shared-versions.js';

// The PostgreSQL store, for several runtimes on one database. The SQL follows sqlite.ts
// statement for statement; what differs is what many processes need:
// - events: one INSERT … ON CONFLICT DO NOTHING per batch (the unique (source, id) decides,
//   never a read before the write);
// - a lead's state (stage, attributes, visitor link) is written under a transaction-scoped
//   advisory lock on the lead, and re-scores run under a session lock (withLeadLock);
// - webhook deliveries are claimed with FOR UPDATE SKIP LOCKED and a lease;
// - periodic work takes a try-lock (once), so one instance runs it.
// Advisory locks use the two-int form: (namespace, hashtext(name)). A hash collision only
// makes two leads wait for each other.
const NS = { lead: 0x51c3_02, rescore: 0x51c3_03, visitor: 0x51c3_04, job: 0x51c3_05, publish: 0x51c3_06 } as const;

/** PostgreSQL error classes that mean "try again" rather than "wrong". */
const RETRY = new Set(['40001', '40P01']);

/** Connection failures, server shutting down or full: the database is unavailable, not the request wrong. */
function unavailable(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  const code = err?.code ?? '';
  if (/^(08|57P0)/.test(code) || code === '53300') return true;
  // 55000 with this message: the database is closed to connections (maintenance, failover).
  if (code === '55000' && /not currently accepting connections/.test(err?.message ?? '')) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', 'EAI_AGAIN'].includes(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED/.test(err?.message ?? '');
}

/** Database outages become a 503 the client can retry (event ids make retries safe); anything else stays as it is. */
function mapError(e: unknown): unknown {
  if (e instanceof SluiceError || !unavailable(e)) return e;
  return new SluiceError('unavailable', 'the database is unavailable; retry the request (event ids make retries safe)', undefined, { 'retry-after': '1' });
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** The PostgreSQL store, and rate limits kept in the same database (shared by every runtime). */
export interface PostgresStore extends Store {
  readonly limiter: RateLimiter;
  /** Published rule-set versions (registry/shared-versions.ts). */
  readonly versions: VersionTable;
}

export interface PostgresOptions {
  /** Connections for queries (SLUICE_DATABASE_POOL, default 10); as many again may hold locks. */
  poolSize?: number;
  /** How long a query waits for a connection before the request gets a 503. */
  connectTimeoutMs?: number;
  /** Called with errors of idle connections (the pool replaces them). */
  onIdleError?: (e: Error) => void;
}

/**
 * Opens the PostgreSQL store at `url` (postgres://user:password@host:port/database) and
 * brings its schema to this version first (see postgres-migrations.ts).
 *
 * @example
 * const store = await openPostgresStore(process.env.SLUICE_DATABASE_URL!);
 * @throws Error naming the database (without its password) when it cannot be reached or migrated.
 */
export async function openPostgresStore(url: string, o: PostgresOptions = {}): Promise<PostgresStore> {
  const cfg = { connectionString: url, max: o.poolSize ?? 10, connectionTimeoutMillis: o.connectTimeoutMs ?? 5000 };
  const pool = new pg.Pool(cfg);
  // Locks held across a re-score live on connections of their own: a lock holder waiting for
  // a query connection held by a lock waiter would otherwise be a deadlock in the pool.
  const lockPool = new pg.Pool(cfg);
  const onIdle = o.onIdleError ?? (() => {});
  for (const p of [pool, lockPool]) {
    p.on('error', onIdle);
    // A connection that breaks while checked out also emits 'error': the query in flight
    // fails (and becomes a 503), the event must not crash the process.
    p.on('connect', (client) => client.on('error', () => {}));
  }
  try {
    const c = await pool.connect();
    try {
      await migratePostgres(c);
    } finally {
      c.release();
    }
  } catch (e) {
    await Promise.all([pool.end(), lockPool.end()]);
    throw new Error(`PostgreSQL at ${redactUrl(url)}: ${(e as Error).message || String(e)}`, { cause: e });
  }

  const checkout = async (p: pg.Pool): Promise<PoolClient> => {
    try {
      return await p.connect();
    } catch (e) {
      throw mapError(e);
    }
  };
  const q = async <R extends QueryResultRow = Row>(text: string, values: unknown[] = []): Promise<R[]> => {
    try {
      return (await pool.query<R>(text, values)).rows;
    } catch (e) {
      throw mapError(e);
    }
  };

  /** Runs fn in a transaction; a deadlock or serialisation failure is retried (the work is idempotent up to its commit). */
  const tx = async <T>(fn: (c: PoolClient) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const c = await checkout(pool);
      let broken: Error | undefined;
      try {
        await c.query('BEGIN');
        const r = await fn(c);
        await c.query('COMMIT');
        return r;
      } catch (e) {
        await c.query('ROLLBACK').catch((re: Error) => (broken = re));
        if (RETRY.has((e as { code?: string }).code ?? '') && attempt < 5) continue;
        throw mapError(e);
      } finally {
        c.release(broken);
      }
    }
  };
  const lockLead = (c: PoolClient, ns: number, id: string) => c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ns, id]);
  // The funnel's SQL (funnel-sql.ts) names its parameters `@name`; here they become $n.
  const positional = (sql: string, params: Record<string, unknown>): [string, unknown[]] => {
    const names = paramNames(sql);
    return [sql.replace(/@([a-z]\w*)/gi, (_, n: string) => `$${names.indexOf(n) + 1}`), names.map((n) => params[n] ?? null)];
  };
  const run = async (c: PoolClient, sql: string, params: Record<string, unknown>) => (await c.query(...positional(sql, params))).rows as Row[];
  // The funnel columns of the lead's records, in the write's transaction (the lead's lock is held).
  // The funnel columns after a record is inserted (funnel-sql.ts), under the lead's lock.
  const afterInsert = async (c: PoolClient, seq: unknown, lead: string, rs: string, stage: string, at: number) => {
    for (const sql of AFTER_INSERT_SQL) await run(c, sql, { seq, lead, rs, stage, at });
  };
  // A lead's changed source copied onto its records and handoffs, under the lead's lock.
  const syncSource = async (c: PoolClient, lead: string, before: unknown, after: string | null) => {
    if ((before ?? null) === after) return;
    for (const sql of SYNC_SOURCE_SQL) await run(c, sql, { lead });
  };
  /**
   * Works out the next batch of the basis being built; false once it is ready (or was
   * replaced). The batch holds stage_history in EXCLUSIVE mode (reads go on, writes wait
   * for this batch): a lead written during the batch would otherwise keep values worked out
   * from a snapshot without its new record.
   */
  const buildBatch = (rs: string, sequence: readonly string[], recycled: string, size: number) => tx(async (c): Promise<'more' | 'done' | 'not ours'> => {
    await c.query('LOCK TABLE stage_history IN EXCLUSIVE MODE');
    const basis = (await run(c, `${BASIS_SQL} FOR UPDATE`, { rs }))[0];
    if (!sameBasis(basis, sequence, recycled) || Number(basis?.ready) === 1) return 'not ours';
    const after = String(basis?.built_to ?? '');
    const until = ((await run(c, BATCH_END_SQL, { rs, after, size }))[0]?.lead_id as string | undefined) ?? null;
    await run(c, buildBatchSql(until === null), { rs, after, until });
    await run(c, 'UPDATE funnel_basis SET built_to = @to, ready = @ready WHERE rule_set_id = @rs', { rs, to: until ?? '', ready: until === null ? 1 : 0 });
    return until === null ? 'done' : 'more';
  });
  /** As SQLite's: the basis set, then worked out a batch at a time; several runtimes building one basis share the batches. */
  const prepareFunnel = async (rs: string, sequence: readonly string[], recycled: string, size = BUILD_BATCH_RECORDS) => {
    for (;;) {
      const basis = (await q(...positional(BASIS_SQL, { rs })))[0];
      if (sameBasis(basis, sequence, recycled) && Number(basis?.ready) === 1) return;
      if (!sameBasis(basis, sequence, recycled)) {
        await tx(async (c) => {
          for (const [sql, params] of setBasisStatements(rs, sequence, recycled)) await run(c, sql, params);
        });
      }
      if ((await buildBatch(rs, sequence, recycled, size)) === 'done') {
        // Every record of the rule set was rewritten: until a vacuum marks the pages visible
        // again, the tallies cannot read from their index alone (a million records: 1.7 s
        // instead of 0.2 s for the year). Autovacuum would get there later; a failure here
        // only means it does.
        await pool.query('VACUUM (ANALYZE) stage_history').catch(() => {});
      }
    }
  };
  const enqueue = (c: PoolClient, leadIds: Iterable<string>, cause: string, at: number) => {
    const ids = [...new Set(leadIds)];
    return ids.length ? c.query('INSERT INTO rescore_queue (lead_id, cause, queued_at) SELECT unnest($1::text[]), $2, $3', [ids, cause, at]) : null;
  };

  /** Runs fn holding a session-level advisory lock on a connection of the lock pool. */
  const holding = async <T>(ns: number, name: string, fn: () => Promise<T>, tryOnly: boolean): Promise<T | typeof SKIPPED> => {
    const c = await checkout(lockPool);
    let broken: Error | undefined;
    try {
      if (tryOnly) {
        const r = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [ns, name]);
        if (!r.rows[0]?.ok) {
          c.release();
          return SKIPPED;
        }
      } else {
        await c.query('SELECT pg_advisory_lock($1, hashtext($2))', [ns, name]);
      }
    } catch (e) {
      c.release((broken = e as Error));
      throw mapError(e);
    }
    try {
      return await fn();
    } finally {
      // Should the unlock fail, the connection is dropped, which releases the lock too.
      await c.query('SELECT pg_advisory_unlock($1, hashtext($2))', [ns, name]).catch((e: Error) => (broken = e));
      c.release(broken);
    }
  };

  // A lead's events: its own and those of every visitor linked to it ($1 is the lead).
  const leadEvents = (where: string) =>
    `SELECT * FROM (SELECT * FROM events WHERE lead_id = $1 ${where ? `AND ${where}` : ''}
       UNION ALL SELECT e.* FROM identities i JOIN events e ON e.visitor_id = i.visitor_id WHERE i.lead_id = $1 ${where ? `AND ${where}` : ''}) le`;

  const queuedOf = async (leadId: string): Promise<QueuedRescore | null> => {
    const r = (await q('SELECT seq, cause, queued_at FROM rescore_queue WHERE lead_id = $1 ORDER BY seq DESC LIMIT 1', [leadId]))[0];
    return r ? { leadId, seq: Number(r.seq), cause: str(r.cause), queuedAt: Number(r.queued_at) } : null;
  };

  return {
    kind: 'postgres',
    limiter: new PostgresRateLimiter(q),
    versions: {
      async put(v) {
        const r = await q('INSERT INTO rule_set_versions (id, version, hash, body, published_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id, version) DO NOTHING RETURNING seq', [
          v.id, v.version, v.hash, v.body, v.publishedAt,
        ]);
        return r.length === 1;
      },
      async since(seq, limit) {
        return (await q('SELECT seq, id, version, body, published_at FROM rule_set_versions WHERE seq > $1 ORDER BY seq LIMIT $2', [seq, limit])).map((r) => ({
          seq: Number(r.seq), id: str(r.id), version: Number(r.version), body: str(r.body), publishedAt: Number(r.published_at),
        }));
      },
      async exclusive(id, fn) {
        return holding(NS.publish, id, fn, false) as Promise<Awaited<ReturnType<typeof fn>>>;
      },
    },
    async withLeadLock(leadId, fn) {
      return holding(NS.rescore, leadId, fn, false) as Promise<Awaited<ReturnType<typeof fn>>>;
    },
    async once(job, fn) {
      return holding(NS.job, job, fn, true);
    },
    async ping() {
      await q('SELECT 1');
    },
    async close() {
      await Promise.all([pool.end(), lockPool.end()]);
    },

    async addEvents(events, receivedAt) {
      // A repeated (source, id) inside the batch is a duplicate of its first occurrence.
      const first: NewEvent[] = [];
      const seen = new Set<string>();
      for (const e of events) {
        const k = `${e.source}\u0000${e.id}`;
        if (!seen.has(k)) first.push(e);
        seen.add(k);
      }
      return tx(async (c) => {
        // seq numbers are drawn in batch order (ties in time keep arrival order), rows are
        // inserted in key order: two batches sharing ids then lock them in the same order.
        const r = first.length
          ? await c.query<{ source: string; id: string }>(
              `INSERT INTO events (seq, source, id, key_id, type, at, at_ms, lead_id, visitor_id, props, received_at)
               SELECT seq, source, id, key_id, type, at, at_ms, lead_id, visitor_id, props, $11 FROM (
                 SELECT nextval('events_seq_seq') AS seq, u.* FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::text[], $9::text[], $10::int[])
                   AS u(source, id, key_id, type, at, at_ms, lead_id, visitor_id, props, ord) ORDER BY ord OFFSET 0
               ) b ORDER BY source, id
               ON CONFLICT (source, id) DO NOTHING RETURNING source, id`,
              [
                first.map((e) => e.source), first.map((e) => e.id), first.map((e) => e.keyId ?? null), first.map((e) => e.type), first.map((e) => String(e.at)),
                first.map((e) => e.atMs), first.map((e) => e.leadId ?? null), first.map((e) => e.visitorId ?? null),
                first.map((e) => (e.props === undefined ? null : JSON.stringify(e.props))), first.map((_, i) => i), receivedAt,
              ],
            )
          : { rows: [] };
        const added = new Set(r.rows.map((x) => `${x.source}\u0000${x.id}`));
        const inserted: NewEvent[] = [];
        const duplicates: string[] = [];
        for (const e of events) {
          const k = `${e.source}\u0000${e.id}`;
          if (added.delete(k)) inserted.push(e);
          else duplicates.push(e.id);
        }
        const visitors = [...new Set(inserted.flatMap((e) => (e.leadId === undefined && e.visitorId !== undefined ? [e.visitorId] : [])))];
        const linked = new Map<string, string>();
        if (visitors.length) {
          const rows = await c.query<{ visitor_id: string; lead_id: string }>('SELECT visitor_id, lead_id FROM identities WHERE visitor_id = ANY($1::text[])', [visitors]);
          for (const x of rows.rows) linked.set(x.visitor_id, x.lead_id);
        }
        const leads = new Set<string>();
        for (const e of inserted) {
          const lead = e.leadId ?? (e.visitorId !== undefined ? linked.get(e.visitorId) : undefined);
          if (lead !== undefined) leads.add(lead);
        }
        await enqueue(c, leads, 'events', receivedAt);
        return { inserted, duplicates, leads: [...leads] };
      });
    },
    async eventsForLead(leadId, w?: EventWindow) {
      if (!w || (w.sinceMs === undefined && w.limit === undefined && !w.newest)) return (await q(`${leadEvents('')} ORDER BY at_ms, seq`, [leadId])).map(toEvent);
      const rows = await q(`SELECT * FROM (${leadEvents('at_ms >= $2')} ORDER BY at_ms DESC, seq DESC LIMIT $3) x ORDER BY at_ms, seq`, [
        leadId, w.sinceMs ?? Number.MIN_SAFE_INTEGER, w.limit ?? null,
      ]);
      if (!w.newest || w.newest.count <= 0) return rows.map(toEvent);
      return withNewest(rows, await q(`${leadEvents('at_ms <= $2')} ORDER BY at_ms DESC, seq DESC LIMIT $3`, [leadId, w.newest.atOrBeforeMs, w.newest.count])).map(toEvent);
    },
    async leadEventsPage(leadId, p) {
      const rows = p.before === undefined
        ? await q(`${leadEvents('')} ORDER BY at_ms DESC, seq DESC LIMIT $2`, [leadId, p.limit])
        : await q(`${leadEvents('(at_ms < $2 OR (at_ms = $2 AND seq < $3))')} ORDER BY at_ms DESC, seq DESC LIMIT $4`, [leadId, p.before.atMs, p.before.seq, p.limit]);
      return rows.map(toEvent);
    },
    async countEvents() {
      return Number((await q('SELECT COUNT(*) AS n FROM events'))[0]?.n ?? 0);
    },

    async queuedRescores(limit) {
      const rows = await q(
        `SELECT r.lead_id, r.seq, r.cause, r.queued_at FROM
           (SELECT lead_id, MIN(seq) AS first, MAX(seq) AS last FROM rescore_queue GROUP BY lead_id ORDER BY first LIMIT $1) g
         JOIN rescore_queue r ON r.seq = g.last ORDER BY g.first`,
        [limit],
      );
      return rows.map((r) => ({ leadId: str(r.lead_id), seq: Number(r.seq), cause: str(r.cause), queuedAt: Number(r.queued_at) }));
    },
    async queuedRescore(leadId) {
      return queuedOf(leadId);
    },
    async rescoreDone(leadId, seq) {
      await q('DELETE FROM rescore_queue WHERE lead_id = $1 AND seq <= $2', [leadId, seq]);
    },

    async linkVisitor(visitorId, leadId, at) {
      return tx(async (c) => {
        await lockLead(c, NS.visitor, visitorId);
        const cur = (await c.query<{ lead_id: string }>('SELECT lead_id FROM identities WHERE visitor_id = $1', [visitorId])).rows[0];
        await c.query(
          'INSERT INTO identities (visitor_id, lead_id, linked_at) VALUES ($1, $2, $3) ON CONFLICT (visitor_id) DO UPDATE SET lead_id = EXCLUDED.lead_id, linked_at = EXCLUDED.linked_at',
          [visitorId, leadId, at],
        );
        await enqueue(c, cur ? [leadId, cur.lead_id] : [leadId], 'identify', at);
        return { previous: cur ? cur.lead_id : null };
      });
    },
    async leadForVisitor(visitorId) {
      const r = (await q('SELECT lead_id FROM identities WHERE visitor_id = $1', [visitorId]))[0];
      return r ? str(r.lead_id) : null;
    },

    async getLead(id) {
      const r = (await q('SELECT * FROM leads WHERE id = $1', [id]))[0];
      return r ? toLead(r) : null;
    },
    async putLead(id, attributes, account, at) {
      return tx(async (c) => {
        // The lead's lock: its source is copied onto its records, which stage writes add under it.
        await lockLead(c, NS.lead, id);
        const before = (await c.query<{ source: string | null }>('SELECT source FROM leads WHERE id = $1', [id])).rows[0]?.source;
        // One statement: an omitted account keeps the stored one, whatever else writes meanwhile.
        const r = await c.query(
          `INSERT INTO leads (id, attributes, account, updated_at, source) VALUES ($1, $2, $3, $4, $6)
           ON CONFLICT (id) DO UPDATE SET attributes = EXCLUDED.attributes, account = CASE WHEN $5 THEN leads.account ELSE EXCLUDED.account END, updated_at = EXCLUDED.updated_at, source = EXCLUDED.source
           RETURNING account`,
          [id, JSON.stringify(attributes), account == null ? null : JSON.stringify(account), at, account === undefined, leadSource(attributes)],
        );
        await syncSource(c, id, before, leadSource(attributes));
        await enqueue(c, [id], 'lead', at);
        const acc = r.rows[0]?.account;
        return { id, attributes, account: acc == null ? null : json(acc), updatedAt: at };
      });
    },
    async mergeLeadAttributes(id, traits, at) {
      return tx(async (c) => {
        await lockLead(c, NS.lead, id);
        const cur = (await c.query('SELECT * FROM leads WHERE id = $1', [id])).rows[0] as Row | undefined;
        const lead = cur ? toLead(cur) : { id, attributes: {}, account: null, updatedAt: at };
        const attributes = { ...lead.attributes, ...traits };
        await c.query(
          `INSERT INTO leads (id, attributes, account, updated_at, source) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO UPDATE SET attributes = EXCLUDED.attributes, updated_at = EXCLUDED.updated_at, source = EXCLUDED.source`,
          [id, JSON.stringify(attributes), lead.account === null ? null : JSON.stringify(lead.account), at, leadSource(attributes)],
        );
        await syncSource(c, id, cur?.source, leadSource(attributes));
        await enqueue(c, [id], 'identify', at);
        return { ...lead, attributes, updatedAt: at };
      });
    },

    async stages(leadId) {
      return (await q('SELECT * FROM lead_stages WHERE lead_id = $1 ORDER BY rule_set_id', [leadId])).map(toStage);
    },
    async recordStage(s) {
      return tx(async (c) => {
        // Two instances recording for one lead take turns: the second sees the first's stage
        // as `from`, so one change is recorded once, with one handoff and one set of webhooks.
        await lockLead(c, NS.lead, s.leadId);
        const cur = (await c.query<{ stage: string }>('SELECT stage FROM lead_stages WHERE lead_id = $1 AND rule_set_id = $2', [s.leadId, s.ruleSetId])).rows[0];
        const from = cur ? cur.stage : null;
        await c.query(
          `INSERT INTO lead_stages (lead_id, rule_set_id, stage, version, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (lead_id, rule_set_id) DO UPDATE SET stage = EXCLUDED.stage, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
          [s.leadId, s.ruleSetId, s.stage, s.version, s.at],
        );
        if (s.rescored !== undefined) await c.query('DELETE FROM rescore_queue WHERE lead_id = $1 AND seq <= $2', [s.leadId, s.rescored]);
        if (from === s.stage) return { changed: false, from };
        const ins = await c.query<{ seq: string }>(
          `INSERT INTO stage_history (lead_id, rule_set_id, version, from_stage, to_stage, at, cause, lead_source) VALUES ($1, $2, $3, $4, $5, $6, $7, ${LEAD_SOURCE_OF('$1')}) RETURNING seq`,
          [s.leadId, s.ruleSetId, s.version, from, s.stage, s.at, s.cause],
        );
        await afterInsert(c, ins.rows[0]?.seq, s.leadId, s.ruleSetId, s.stage, s.at);
        if (s.handoff) {
          await c.query(`INSERT INTO handoffs (lead_id, rule_set_id, version, stage, team, due_at, created_at, lead_source) VALUES ($1, $2, $3, $4, $5, $6, $7, ${LEAD_SOURCE_OF('$1')})`, [
            s.leadId, s.ruleSetId, s.version, s.stage, s.handoff.team ?? null, s.handoff.dueAt, s.at,
          ]);
        }
        const urls = s.webhooks ?? [];
        if (urls.length) {
          const payload = stageChangedPayload({ leadId: s.leadId, ruleSetId: s.ruleSetId, version: s.version, from, to: s.stage, at: s.at, cause: s.cause });
          await c.query(
            `INSERT INTO webhook_deliveries (url, rule_set_id, lead_id, payload, status, attempts, next_attempt_at, created_at)
             SELECT u, $2, $3, $4, 'pending', 0, $5, $5 FROM unnest($1::text[]) WITH ORDINALITY AS t(u, n) ORDER BY n`,
            [urls, s.ruleSetId, s.leadId, payload, s.at],
          );
        }
        return { changed: true, from };
      });
    },
    async stageHistory(leadId, ruleSetId) {
      const rows = ruleSetId === undefined
        ? await q('SELECT * FROM stage_history WHERE lead_id = $1 ORDER BY seq', [leadId])
        : await q('SELECT * FROM stage_history WHERE lead_id = $1 AND rule_set_id = $2 ORDER BY seq', [leadId, ruleSetId]);
      return rows.map(toStageChange);
    },

    async recordStageRecord(r) {
      return tx(async (c) => {
        await lockLead(c, NS.lead, r.leadId);
        const dup = (await c.query('SELECT * FROM stage_history WHERE source = $1 AND record_id = $2', [r.source, r.recordId])).rows[0] as Row | undefined;
        if (dup) return { recorded: false, record: toStageChange(dup) };
        const cur = (await c.query<{ to_stage: string }>(
          "SELECT to_stage FROM stage_history WHERE lead_id = $1 AND rule_set_id = $2 AND cause <> 'handoff' AND at <= $3 ORDER BY at DESC, seq DESC LIMIT 1",
          [r.leadId, r.ruleSetId, r.at],
        )).rows[0];
        const from = cur ? cur.to_stage : null;
        // ON CONFLICT: another instance may record the same (source, id) between the check and here.
        const ins = await c.query(
          `INSERT INTO stage_history (lead_id, rule_set_id, version, from_stage, to_stage, at, cause, source, record_id, reason, lead_source)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ${LEAD_SOURCE_OF('$1')}) ON CONFLICT (source, record_id) DO NOTHING RETURNING seq`,
          [r.leadId, r.ruleSetId, r.version, from, r.to, r.at, r.cause, r.source, r.recordId, r.reason],
        );
        if (ins.rowCount === 0) {
          const stored = (await c.query('SELECT * FROM stage_history WHERE source = $1 AND record_id = $2', [r.source, r.recordId])).rows[0] as Row;
          return { recorded: false, record: toStageChange(stored) };
        }
        if (r.cause !== 'handoff') await afterInsert(c, (ins.rows[0] as Row).seq, r.leadId, r.ruleSetId, r.to, r.at);
        if (r.attributes) {
          const lead = (await c.query('SELECT * FROM leads WHERE id = $1', [r.leadId])).rows[0] as Row | undefined;
          const attributes = { ...(lead ? json(lead.attributes) : {}), ...r.attributes };
          await c.query(
            `INSERT INTO leads (id, attributes, account, updated_at, source) VALUES ($1, $2, NULL, $3, $4)
             ON CONFLICT (id) DO UPDATE SET attributes = EXCLUDED.attributes, updated_at = EXCLUDED.updated_at, source = EXCLUDED.source`,
            [r.leadId, JSON.stringify(attributes), r.at, leadSource(attributes)],
          );
          await syncSource(c, r.leadId, lead?.source, leadSource(attributes));
          await enqueue(c, [r.leadId], 'crm', r.at);
        }
        const record: StageChange = { leadId: r.leadId, ruleSetId: r.ruleSetId, version: r.version, from, to: r.to, at: r.at, cause: r.cause, source: r.source, recordId: r.recordId };
        if (r.reason !== null) record.reason = r.reason;
        return { recorded: true, record };
      });
    },
    async prepareFunnel(ruleSetId, sequence, recycledStage, o) {
      await prepareFunnel(ruleSetId, sequence, recycledStage, o?.batchRecords);
    },
    async funnelTallies(t) {
      for (;;) {
        await prepareFunnel(t.ruleSetId, t.sequence, t.recycledStage);
        // One snapshot for the basis check and every statement: a basis replaced by another
        // runtime meanwhile is seen, and worked out again.
        const tallies = await tx(async (c) => {
          await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
          const basis = (await run(c, BASIS_SQL, { rs: t.ruleSetId }))[0];
          if (!sameBasis(basis, t.sequence, t.recycledStage) || Number(basis?.ready) !== 1) return null;
          const stages = [...new Set([...t.sequence, ...(await run(c, STAGES_SQL, { rs: t.ruleSetId })).map((r) => str(r.stage))])];
          const statements = tallyStatements(t, stages);
          const rows: unknown[][] = [];
          for (const st of statements) {
            const [text, values] = positional(st.sql, st.params);
            const got = (await c.query<unknown[]>({ text, values, rowMode: 'array' })).rows;
            rows.push(st.shape === 'values' ? got.map((r) => r[0]) : got);
          }
          return assembleTallies(t, statements, rows);
        });
        if (tallies) return tallies;
      }
    },

    async handoffs(leadId) {
      return (await q('SELECT * FROM handoffs WHERE lead_id = $1 ORDER BY id', [leadId])).map(toHandoff);
    },
    async touch(leadId, at, by) {
      try {
        return (await pool.query('UPDATE handoffs SET touched_at = $1, touched_by = $2 WHERE lead_id = $3 AND touched_at IS NULL', [at, by, leadId])).rowCount ?? 0;
      } catch (e) {
        throw mapError(e);
      }
    },
    async breaches(now, limit) {
      return (await q('SELECT * FROM handoffs WHERE touched_at IS NULL AND due_at < $1 ORDER BY due_at, id LIMIT $2', [now, limit])).map(toHandoff);
    },

    async claimDeliveries(now, limit, leaseMs): Promise<WebhookDelivery[]> {
      // SKIP LOCKED: instances claiming at the same moment take different rows, none waits.
      const rows = await q(
        `UPDATE webhook_deliveries SET next_attempt_at = $3 WHERE id IN (
           SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED
         ) RETURNING *`,
        [now, limit, now + leaseMs],
      );
      return rows.map(toDelivery).sort((a, b) => a.id - b.id);
    },
    async markDelivered(id, at, status) {
      await q("UPDATE webhook_deliveries SET status = 'delivered', delivered_at = $1, last_status = $2, attempts = attempts + 1 WHERE id = $3", [at, status, id]);
    },
    async markAttempt(id, r) {
      await q('UPDATE webhook_deliveries SET attempts = $1, next_attempt_at = $2, last_error = $3, last_status = $4, status = $5 WHERE id = $6', [
        r.attempts, r.nextAttemptAt, r.error, r.status, r.failed ? 'failed' : 'pending', id,
      ]);
    },
    async listDeliveries(status, limit) {
      const rows = status === undefined
        ? await q('SELECT * FROM webhook_deliveries ORDER BY id DESC LIMIT $1', [limit])
        : await q('SELECT * FROM webhook_deliveries WHERE status = $1 ORDER BY id DESC LIMIT $2', [status, limit]);
      return rows.map(toDelivery);
    },

    async leadIdsAfter(after, limit) {
      // Byte order, as SQLite's: a cursor means the same on both stores.
      const rows = await q(
        `SELECT id FROM (
           (SELECT id COLLATE "C" AS id FROM leads WHERE id COLLATE "C" > $1 ORDER BY 1 LIMIT $2)
           UNION (SELECT DISTINCT lead_id COLLATE "C" AS id FROM events WHERE lead_id COLLATE "C" > $1 ORDER BY 1 LIMIT $2)
           UNION (SELECT DISTINCT lead_id COLLATE "C" AS id FROM identities WHERE lead_id COLLATE "C" > $1 ORDER BY 1 LIMIT $2)
         ) ids ORDER BY id LIMIT $2`,
        [after, limit],
      );
      return rows.map((r) => str(r.id));
    },
  };
}
