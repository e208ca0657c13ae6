import Database from 'better-sqlite3';
import type { EventWindow, LeadStage, NewEvent, QueuedRescore, StageChange, StageInput, StageRecordInput, Store } from './store.js';
import { stageChangedPayload } from './store.js';
import { migrate } from './sqlite-migrations.js';
import { BASIS_SQL, BATCH_END_SQL, BUILD_BATCH_RECORDS, AFTER_INSERT_SQL, LEAD_SOURCE_OF, STAGES_SQL, SYNC_SOURCE_SQL, assembleTallies, buildBatchSql, leadSource, paramNames, sameBasis, setBasisStatements, tallyStatements } from './funnel-sql.js';
import type { TallyRequest } from './funnel-sql.js';
import { json, str, strOrNull, withNewest, toDelivery, toEvent, toHandoff, toLead, toStage, toStageChange } from './rows.js';
import type { Row } from './rows.js';

// Plain SQL (no JSON functions, no UPSERT tricks beyond INSERT OR IGNORE) so that a
// PostgreSQL implementation is a translation, not a redesign. The schema is in
// sqlite-migrations.ts.

/**
 * The SQLite store: one file, WAL mode, `synchronous = FULL`.
 *
 * FULL, not NORMAL: in WAL mode NORMAL survives a process crash but a power loss can roll
 * back the last commits — and a 2xx from POST /v1/events promises the events are kept.
 * FULL costs one fsync of the WAL per commit; events arrive in batches, one commit each.
 *
 * @example
 * const store = openSqliteStore(join(dataDir, 'sluice.db'));
 */
export function openSqliteStore(file: string): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  try {
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }

  // A lead's events: its own and those of every visitor linked to it, as one row set that
  // each query filters and orders (both halves use an index on (…, at_ms)).
  const leadEvents = (where: string) =>
    `SELECT * FROM (SELECT * FROM events WHERE lead_id = @lead ${where ? `AND ${where}` : ''}
       UNION ALL SELECT e.* FROM identities i JOIN events e ON e.visitor_id = i.visitor_id WHERE i.lead_id = @lead ${where ? `AND ${where}` : ''})`;
  const q = {
    insertEvent: db.prepare(
      'INSERT OR IGNORE INTO events (source, id, key_id, type, at, at_ms, lead_id, visitor_id, props, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    eventsForLead: db.prepare(`${leadEvents('')} ORDER BY at_ms, seq`),
    eventsSince: db.prepare(`SELECT * FROM (${leadEvents('at_ms >= @since')} ORDER BY at_ms DESC, seq DESC LIMIT @limit) ORDER BY at_ms, seq`),
    newestBefore: db.prepare(`${leadEvents('at_ms <= @until')} ORDER BY at_ms DESC, seq DESC LIMIT @limit`),
    page: db.prepare(`${leadEvents('')} ORDER BY at_ms DESC, seq DESC LIMIT @limit`),
    pageBefore: db.prepare(`${leadEvents('(at_ms < @at OR (at_ms = @at AND seq < @seq))')} ORDER BY at_ms DESC, seq DESC LIMIT @limit`),
    enqueue: db.prepare('INSERT INTO rescore_queue (lead_id, cause, queued_at) VALUES (?, ?, ?)'),
    queued: db.prepare(
      'SELECT lead_id, MAX(seq) AS seq, MIN(seq) AS first FROM rescore_queue GROUP BY lead_id ORDER BY first LIMIT ?',
    ),
    queuedFor: db.prepare('SELECT seq, cause, queued_at FROM rescore_queue WHERE lead_id = ? ORDER BY seq DESC LIMIT 1'),
    dequeue: db.prepare('DELETE FROM rescore_queue WHERE lead_id = ? AND seq <= ?'),
    countEvents: db.prepare('SELECT COUNT(*) AS n FROM events'),
    getIdentity: db.prepare('SELECT lead_id FROM identities WHERE visitor_id = ?'),
    putIdentity: db.prepare('INSERT OR REPLACE INTO identities (visitor_id, lead_id, linked_at) VALUES (?, ?, ?)'),
    getLead: db.prepare('SELECT * FROM leads WHERE id = ?'),
    putLead: db.prepare('INSERT OR REPLACE INTO leads (id, attributes, account, updated_at, source) VALUES (?, ?, ?, ?, ?)'),
    syncSource: SYNC_SOURCE_SQL.map((sql) => db.prepare(sql)),
    stages: db.prepare('SELECT * FROM lead_stages WHERE lead_id = ? ORDER BY rule_set_id'),
    getStage: db.prepare('SELECT stage FROM lead_stages WHERE lead_id = ? AND rule_set_id = ?'),
    putStage: db.prepare('INSERT OR REPLACE INTO lead_stages (lead_id, rule_set_id, stage, version, updated_at) VALUES (?, ?, ?, ?, ?)'),
    addHistory: db.prepare(`INSERT INTO stage_history (lead_id, rule_set_id, version, from_stage, to_stage, at, cause, lead_source) VALUES (?, ?, ?, ?, ?, ?, ?, ${LEAD_SOURCE_OF('?')})`),
    addRecord: db.prepare(
      `INSERT INTO stage_history (lead_id, rule_set_id, version, from_stage, to_stage, at, cause, source, record_id, reason, lead_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${LEAD_SOURCE_OF('?')})`,
    ),
    afterInsert: AFTER_INSERT_SQL.map((sql) => db.prepare(sql)),
    findRecord: db.prepare('SELECT * FROM stage_history WHERE source = ? AND record_id = ?'),
    stageAt: db.prepare(
      "SELECT to_stage FROM stage_history WHERE lead_id = ? AND rule_set_id = ? AND cause <> 'handoff' AND at <= ? ORDER BY at DESC, seq DESC LIMIT 1",
    ),
    history: db.prepare('SELECT * FROM stage_history WHERE lead_id = ? ORDER BY seq'),
    historyFor: db.prepare('SELECT * FROM stage_history WHERE lead_id = ? AND rule_set_id = ? ORDER BY seq'),
    addHandoff: db.prepare(`INSERT INTO handoffs (lead_id, rule_set_id, version, stage, team, due_at, created_at, lead_source) VALUES (?, ?, ?, ?, ?, ?, ?, ${LEAD_SOURCE_OF('?')})`),
    handoffs: db.prepare('SELECT * FROM handoffs WHERE lead_id = ? ORDER BY id'),
    touch: db.prepare('UPDATE handoffs SET touched_at = ?, touched_by = ? WHERE lead_id = ? AND touched_at IS NULL'),
    breaches: db.prepare('SELECT * FROM handoffs WHERE touched_at IS NULL AND due_at < ? ORDER BY due_at, id LIMIT ?'),
    addDelivery: db.prepare(
      "INSERT INTO webhook_deliveries (url, rule_set_id, lead_id, payload, status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)",
    ),
    claimDeliveries: db.prepare(
      `UPDATE webhook_deliveries SET next_attempt_at = @until WHERE id IN
         (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit)
       RETURNING *`,
    ),
    delivered: db.prepare("UPDATE webhook_deliveries SET status = 'delivered', delivered_at = ?, last_status = ?, attempts = attempts + 1 WHERE id = ?"),
    attempt: db.prepare('UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ?, last_error = ?, last_status = ?, status = ? WHERE id = ?'),
    listDeliveries: db.prepare('SELECT * FROM webhook_deliveries ORDER BY id DESC LIMIT ?'),
    listDeliveriesBy: db.prepare('SELECT * FROM webhook_deliveries WHERE status = ? ORDER BY id DESC LIMIT ?'),
    // Each branch walks its own index from the cursor and stops at the limit, so a page costs
    // the same on the first lead as on the millionth.
    leadIdsAfter: db.prepare(
      `SELECT id FROM (SELECT id FROM leads WHERE id > @after ORDER BY id LIMIT @limit)
       UNION SELECT id FROM (SELECT DISTINCT lead_id AS id FROM events WHERE lead_id > @after ORDER BY lead_id LIMIT @limit)
       UNION SELECT id FROM (SELECT DISTINCT lead_id AS id FROM identities WHERE lead_id > @after ORDER BY lead_id LIMIT @limit)
       ORDER BY id LIMIT @limit`,
    ),
  };

  const enqueue = (leadIds: Iterable<string>, cause: string, at: number) => {
    for (const id of new Set(leadIds)) q.enqueue.run(id, cause, at);
  };

  const addEvents = db.transaction((events: NewEvent[], receivedAt: number) => {
    const inserted: NewEvent[] = [];
    const duplicates: string[] = [];
    const leads = new Set<string>();
    for (const e of events) {
      const r = q.insertEvent.run(
        e.source, e.id, e.keyId ?? null, e.type, String(e.at), e.atMs, e.leadId ?? null, e.visitorId ?? null,
        e.props === undefined ? null : JSON.stringify(e.props), receivedAt,
      );
      if (r.changes !== 1) {
        duplicates.push(e.id);
        continue;
      }
      inserted.push(e);
      const lead = e.leadId ?? (e.visitorId !== undefined ? (q.getIdentity.get(e.visitorId) as Row | undefined)?.lead_id : undefined);
      if (lead != null) leads.add(str(lead));
    }
    enqueue(leads, 'events', receivedAt);
    return { inserted, duplicates, leads: [...leads] };
  });

  // The funnel columns (funnel-sql.ts), in the write's transaction: after a record is
  // inserted, and the lead's source copied onto its records and handoffs when it changed.
  const afterInsert = (seq: number | bigint, lead: string, rs: string, stage: string, at: number) => {
    for (const st of q.afterInsert) st.run({ seq, lead, rs, stage, at });
  };
  /**
   * Writes a lead row (its source column from the attributes), and copies a changed source
   * onto its records. `stored`: the lead's row as read in this transaction, if any.
   */
  const writeLead = (id: string, attributes: Record<string, unknown>, account: string | null, at: number, stored: Row | undefined) => {
    const before = stored?.source ?? null;
    const source = leadSource(attributes);
    q.putLead.run(id, JSON.stringify(attributes), account, at, source);
    if (before !== source) for (const st of q.syncSource) st.run({ lead: id });
  };

  const recordStage = db.transaction((s: StageInput) => {
    const cur = q.getStage.get(s.leadId, s.ruleSetId) as Row | undefined;
    const from = cur ? str(cur.stage) : null;
    q.putStage.run(s.leadId, s.ruleSetId, s.stage, s.version, s.at);
    if (s.rescored !== undefined) q.dequeue.run(s.leadId, s.rescored);
    if (from === s.stage) return { changed: false, from };
    const change: StageChange = { leadId: s.leadId, ruleSetId: s.ruleSetId, version: s.version, from, to: s.stage, at: s.at, cause: s.cause };
    const ins = q.addHistory.run(s.leadId, s.ruleSetId, s.version, from, s.stage, s.at, s.cause, s.leadId);
    afterInsert(ins.lastInsertRowid, s.leadId, s.ruleSetId, s.stage, s.at);
    if (s.handoff) q.addHandoff.run(s.leadId, s.ruleSetId, s.version, s.stage, s.handoff.team ?? null, s.handoff.dueAt, s.at, s.leadId);
    const payload = stageChangedPayload(change);
    for (const url of s.webhooks ?? []) q.addDelivery.run(url, s.ruleSetId, s.leadId, payload, s.at, s.at);
    return { changed: true, from };
  });

  const recordStageRecord = db.transaction((r: StageRecordInput) => {
    const dup = q.findRecord.get(r.source, r.recordId) as Row | undefined;
    if (dup) return { recorded: false, record: toStageChange(dup) };
    const cur = q.stageAt.get(r.leadId, r.ruleSetId, r.at) as Row | undefined;
    const from = cur ? str(cur.to_stage) : null;
    const ins = q.addRecord.run(r.leadId, r.ruleSetId, r.version, from, r.to, r.at, r.cause, r.source, r.recordId, r.reason, r.leadId);
    if (r.cause !== 'handoff') afterInsert(ins.lastInsertRowid, r.leadId, r.ruleSetId, r.to, r.at);
    if (r.attributes) {
      const lead = q.getLead.get(r.leadId) as Row | undefined;
      writeLead(r.leadId, { ...(lead ? json(lead.attributes) : {}), ...r.attributes }, lead ? strOrNull(lead.account) : null, r.at, lead);
      enqueue([r.leadId], 'crm', r.at);
    }
    const record: StageChange = { leadId: r.leadId, ruleSetId: r.ruleSetId, version: r.version, from, to: r.to, at: r.at, cause: r.cause, source: r.source, recordId: r.recordId };
    if (r.reason !== null) record.reason = r.reason;
    return { recorded: true, record };
  });

  // The funnel (funnel-sql.ts): statements prepared once per text, run with only the
  // parameters each names.
  const prepared = new Map<string, Database.Statement>();
  const stmt = (sql: string) => prepared.get(sql) ?? prepared.set(sql, db.prepare(sql)).get(sql) as Database.Statement;
  const args = (sql: string, params: Record<string, unknown>) => Object.fromEntries(paramNames(sql).map((n) => [n, params[n] ?? null]));
  const all = (sql: string, params: Record<string, unknown>) => stmt(sql).all(args(sql, params)) as Record<string, unknown>[];
  const run = (sql: string, params: Record<string, unknown>) => stmt(sql).run(args(sql, params));
  const basisOf = (rs: string) => all(BASIS_SQL, { rs })[0];
  const setBasis = db.transaction((rs: string, sequence: readonly string[], recycled: string) => {
    for (const [sql, params] of setBasisStatements(rs, sequence, recycled)) run(sql, params);
  });
  /** Works out the next batch of the basis being built; false once it is ready (or was replaced). */
  const buildBatch = db.transaction((rs: string, sequence: readonly string[], recycled: string, size: number): boolean => {
    const basis = basisOf(rs);
    if (!sameBasis(basis, sequence, recycled) || basis?.ready === 1) return false;
    const after = String(basis?.built_to ?? '');
    const until = (all(BATCH_END_SQL, { rs, after, size })[0]?.lead_id as string | undefined) ?? null;
    run(buildBatchSql(until === null), { rs, after, until });
    run('UPDATE funnel_basis SET built_to = @to, ready = @ready WHERE rule_set_id = @rs', { rs, to: until ?? '', ready: until === null ? 1 : 0 });
    return until !== null;
  });
  /**
   * Makes (sequence, recycled) the rule set's basis and works it out, a batch at a time with
   * the event loop free in between (a crash resumes from the last batch). Concurrent calls
   * for one basis share the batches through built_to.
   */
  const prepareFunnel = async (rs: string, sequence: readonly string[], recycled: string, size = BUILD_BATCH_RECORDS) => {
    for (;;) {
      const basis = basisOf(rs);
      if (sameBasis(basis, sequence, recycled) && basis?.ready === 1) return;
      if (!sameBasis(basis, sequence, recycled)) setBasis(rs, sequence, recycled);
      if (!buildBatch(rs, sequence, recycled, size)) continue;
      await new Promise((r) => setImmediate(r));
    }
  };
  /** The tallies, read in one transaction (one snapshot) once the basis is there; null if it was replaced meanwhile. */
  const readTallies = db.transaction((t: TallyRequest) => {
    const basis = basisOf(t.ruleSetId);
    if (!sameBasis(basis, t.sequence, t.recycledStage) || basis?.ready !== 1) return null;
    const stages = [...new Set([...t.sequence, ...all(STAGES_SQL, { rs: t.ruleSetId }).map((r) => r.stage as string)])];
    const statements = tallyStatements(t, stages);
    return assembleTallies(t, statements, statements.map((st) => {
      const prepared = stmt(st.sql);
      return (st.shape === 'values' ? prepared.pluck(true) : prepared.raw(true)).all(args(st.sql, st.params)) as unknown[];
    }));
  });

  const mergeLead = db.transaction((id: string, traits: Record<string, unknown>, at: number) => {
    const cur = q.getLead.get(id) as Row | undefined;
    const lead = cur ? toLead(cur) : { id, attributes: {}, account: null, updatedAt: at };
    const attributes = { ...lead.attributes, ...traits };
    writeLead(id, attributes, lead.account === null ? null : JSON.stringify(lead.account), at, cur);
    enqueue([id], 'identify', at);
    return { ...lead, attributes, updatedAt: at };
  });

  const putLead = db.transaction((id: string, attributes: Record<string, unknown>, account: Record<string, unknown> | null | undefined, at: number) => {
    const cur = q.getLead.get(id) as Row | undefined;
    const acc = account !== undefined ? account : cur && cur.account != null ? json(cur.account) : null;
    writeLead(id, attributes, acc === null ? null : JSON.stringify(acc), at, cur);
    enqueue([id], 'lead', at);
    return { id, attributes, account: acc, updatedAt: at };
  });

  const linkVisitor = db.transaction((visitorId: string, leadId: string, at: number) => {
    const cur = q.getIdentity.get(visitorId) as Row | undefined;
    q.putIdentity.run(visitorId, leadId, at);
    enqueue(cur ? [leadId, str(cur.lead_id)] : [leadId], 'identify', at);
    return { previous: cur ? str(cur.lead_id) : null };
  });

  const queuedOf = (leadId: string): QueuedRescore | null => {
    const r = q.queuedFor.get(leadId) as Row | undefined;
    return r ? { leadId, seq: Number(r.seq), cause: str(r.cause), queuedAt: Number(r.queued_at) } : null;
  };

  return {
    kind: 'sqlite',
    // One process owns the file: Scoring's in-process queue per lead already serialises re-scores.
    async withLeadLock(_leadId, fn) {
      return fn();
    },
    async once(_job, fn) {
      return fn();
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      db.close();
    },
    async addEvents(events, receivedAt) {
      return addEvents(events, receivedAt);
    },
    async eventsForLead(leadId, w?: EventWindow) {
      if (!w || (w.sinceMs === undefined && w.limit === undefined && !w.newest)) return (q.eventsForLead.all({ lead: leadId }) as Row[]).map(toEvent);
      const rows = q.eventsSince.all({ lead: leadId, since: w.sinceMs ?? Number.MIN_SAFE_INTEGER, limit: w.limit ?? -1 }) as Row[];
      if (!w.newest || w.newest.count <= 0) return rows.map(toEvent);
      return withNewest(rows, q.newestBefore.all({ lead: leadId, until: w.newest.atOrBeforeMs, limit: w.newest.count }) as Row[]).map(toEvent);
    },
    async leadEventsPage(leadId, p) {
      const rows = p.before === undefined
        ? q.page.all({ lead: leadId, limit: p.limit })
        : q.pageBefore.all({ lead: leadId, at: p.before.atMs, seq: p.before.seq, limit: p.limit });
      return (rows as Row[]).map(toEvent);
    },
    async queuedRescores(limit) {
      return (q.queued.all(limit) as Row[]).map((r) => queuedOf(str(r.lead_id)) as QueuedRescore);
    },
    async queuedRescore(leadId) {
      return queuedOf(leadId);
    },
    async rescoreDone(leadId, seq) {
      q.dequeue.run(leadId, seq);
    },
    async countEvents() {
      return Number((q.countEvents.get() as Row).n);
    },
    async linkVisitor(visitorId, leadId, at) {
      return linkVisitor(visitorId, leadId, at);
    },
    async leadForVisitor(visitorId) {
      const r = q.getIdentity.get(visitorId) as Row | undefined;
      return r ? str(r.lead_id) : null;
    },
    async getLead(id) {
      const r = q.getLead.get(id) as Row | undefined;
      return r ? toLead(r) : null;
    },
    async putLead(id, attributes, account, at) {
      return putLead(id, attributes, account, at);
    },
    async mergeLeadAttributes(id, traits, at) {
      return mergeLead(id, traits, at);
    },
    async stages(leadId) {
      return (q.stages.all(leadId) as Row[]).map(toStage);
    },
    async recordStage(input) {
      return recordStage(input);
    },
    async stageHistory(leadId, ruleSetId) {
      const rows = (ruleSetId === undefined ? q.history.all(leadId) : q.historyFor.all(leadId, ruleSetId)) as Row[];
      return rows.map(toStageChange);
    },
    async recordStageRecord(input) {
      return recordStageRecord(input);
    },
    async prepareFunnel(ruleSetId, sequence, recycledStage, o) {
      await prepareFunnel(ruleSetId, sequence, recycledStage, o?.batchRecords);
    },
    async funnelTallies(t) {
      for (;;) {
        await prepareFunnel(t.ruleSetId, t.sequence, t.recycledStage);
        const tallies = readTallies(t);
        if (tallies) return tallies;
      }
    },
    async handoffs(leadId) {
      return (q.handoffs.all(leadId) as Row[]).map(toHandoff);
    },
    async touch(leadId, at, by) {
      return q.touch.run(at, by, leadId).changes;
    },
    async breaches(now, limit) {
      return (q.breaches.all(now, limit) as Row[]).map(toHandoff);
    },
    async claimDeliveries(now, limit, leaseMs) {
      // One statement, so two processes sharing the file never claim the same row.
      return (q.claimDeliveries.all({ now, limit, until: now + leaseMs }) as Row[]).map(toDelivery).sort((a, b) => a.id - b.id);
    },
    async markDelivered(id, at, status) {
      q.delivered.run(at, status, id);
    },
    async markAttempt(id, r) {
      q.attempt.run(r.attempts, r.nextAttemptAt, r.error, r.status, r.failed ? 'failed' : 'pending', id);
    },
    async listDeliveries(status, limit) {
      return ((status === undefined ? q.listDeliveries.all(limit) : q.listDeliveriesBy.all(status, limit)) as Row[]).map(toDelivery);
    },
    async leadIdsAfter(after, limit) {
      return (q.leadIdsAfter.all({ after, limit }) as Row[]).map((r) => str(r.id));
    },
  };
}
