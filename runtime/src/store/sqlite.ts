import Database from 'better-sqlite3';
import type { EventWindow, FunnelEntryRow, FunnelQuery, LeadStage, NewEvent, QueuedRescore, StageChange, StageInput, StageRecordInput, Store } from './store.js';
import { stageChangedPayload } from './store.js';
import { migrate } from './sqlite-migrations.js';
import { followingSql, funnelEntriesSql, prevAtSql } from './funnel-sql.js';
import { json, numOrNull, str, strOrNull, withNewest, toDelivery, toEvent, toHandoff, toLead, toStage, toStageChange } from './rows.js';
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
    putLead: db.prepare('INSERT OR REPLACE INTO leads (id, attributes, account, updated_at) VALUES (?, ?, ?, ?)'),
    stages: db.prepare('SELECT * FROM lead_stages WHERE lead_id = ? ORDER BY rule_set_id'),
    getStage: db.prepare('SELECT stage FROM lead_stages WHERE lead_id = ? AND rule_set_id = ?'),
    putStage: db.prepare('INSERT OR REPLACE INTO lead_stages (lead_id, rule_set_id, stage, version, updated_at) VALUES (?, ?, ?, ?, ?)'),
    addHistory: db.prepare('INSERT INTO stage_history (lead_id, rule_set_id, version, from_stage, to_stage, at, cause, prev_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    addRecord: db.prepare(
      'INSERT INTO stage_history (lead_id, rule_set_id, version, from_stage, to_stage, at, cause, source, record_id, reason, prev_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    prevAt: db.prepare(prevAtSql((n) => `@${n}`)).pluck(),
    following: db.prepare(followingSql((n) => `@${n}`)),
    findRecord: db.prepare('SELECT * FROM stage_history WHERE source = ? AND record_id = ?'),
    stageAt: db.prepare(
      "SELECT to_stage FROM stage_history WHERE lead_id = ? AND rule_set_id = ? AND cause <> 'handoff' AND at <= ? ORDER BY at DESC, seq DESC LIMIT 1",
    ),
    funnelHandoffs: db.prepare('SELECT lead_id, version, created_at, due_at, touched_at FROM handoffs WHERE rule_set_id = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, id').raw(true),
    handoffAnswers: db.prepare("SELECT * FROM stage_history WHERE rule_set_id = ? AND cause = 'handoff' AND at >= ? AND at < ? ORDER BY at, seq"),
    history: db.prepare('SELECT * FROM stage_history WHERE lead_id = ? ORDER BY seq'),
    historyFor: db.prepare('SELECT * FROM stage_history WHERE lead_id = ? AND rule_set_id = ? ORDER BY seq'),
    addHandoff: db.prepare('INSERT INTO handoffs (lead_id, rule_set_id, version, stage, team, due_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
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

  // prev_at of stage entries (funnel-sql.ts): read before a record is inserted, and the lead's
  // next entry into the stage moved behind it once it is, in the same transaction.
  const prevAt = (lead: string, rs: string, stage: string, at: number): number | null => (q.prevAt.get({ lead, rs, stage, at }) as number | undefined) ?? null;
  const following = (lead: string, rs: string, stage: string, at: number) => q.following.run({ lead, rs, stage, at });

  const recordStage = db.transaction((s: StageInput) => {
    const cur = q.getStage.get(s.leadId, s.ruleSetId) as Row | undefined;
    const from = cur ? str(cur.stage) : null;
    q.putStage.run(s.leadId, s.ruleSetId, s.stage, s.version, s.at);
    if (s.rescored !== undefined) q.dequeue.run(s.leadId, s.rescored);
    if (from === s.stage) return { changed: false, from };
    const change: StageChange = { leadId: s.leadId, ruleSetId: s.ruleSetId, version: s.version, from, to: s.stage, at: s.at, cause: s.cause };
    q.addHistory.run(s.leadId, s.ruleSetId, s.version, from, s.stage, s.at, s.cause, prevAt(s.leadId, s.ruleSetId, s.stage, s.at));
    following(s.leadId, s.ruleSetId, s.stage, s.at);
    if (s.handoff) q.addHandoff.run(s.leadId, s.ruleSetId, s.version, s.stage, s.handoff.team ?? null, s.handoff.dueAt, s.at);
    const payload = stageChangedPayload(change);
    for (const url of s.webhooks ?? []) q.addDelivery.run(url, s.ruleSetId, s.leadId, payload, s.at, s.at);
    return { changed: true, from };
  });

  const recordStageRecord = db.transaction((r: StageRecordInput) => {
    const dup = q.findRecord.get(r.source, r.recordId) as Row | undefined;
    if (dup) return { recorded: false, record: toStageChange(dup) };
    const cur = q.stageAt.get(r.leadId, r.ruleSetId, r.at) as Row | undefined;
    const from = cur ? str(cur.to_stage) : null;
    q.addRecord.run(r.leadId, r.ruleSetId, r.version, from, r.to, r.at, r.cause, r.source, r.recordId, r.reason, r.cause === 'handoff' ? null : prevAt(r.leadId, r.ruleSetId, r.to, r.at));
    if (r.cause !== 'handoff') following(r.leadId, r.ruleSetId, r.to, r.at);
    if (r.attributes) {
      const lead = q.getLead.get(r.leadId) as Row | undefined;
      const attributes = { ...(lead ? json(lead.attributes) : {}), ...r.attributes };
      q.putLead.run(r.leadId, JSON.stringify(attributes), lead?.account ?? null, r.at);
      enqueue([r.leadId], 'crm', r.at);
    }
    const record: StageChange = { leadId: r.leadId, ruleSetId: r.ruleSetId, version: r.version, from, to: r.to, at: r.at, cause: r.cause, source: r.source, recordId: r.recordId };
    if (r.reason !== null) record.reason = r.reason;
    return { recorded: true, record };
  });

  // One prepared statement per sequence length (plans are short) and lead-id choice.
  const funnelStatements = new Map<string, Database.Statement>();
  const funnelStatement = (n: number, leadIds: boolean) => {
    const k = `${n}:${leadIds}`;
    let st = funnelStatements.get(k);
    if (!st) funnelStatements.set(k, (st = db.prepare(funnelEntriesSql(n, (name) => `@${name}`, leadIds)).raw(true)));
    return st;
  };

  const mergeLead = db.transaction((id: string, traits: Record<string, unknown>, at: number) => {
    const cur = q.getLead.get(id) as Row | undefined;
    const lead = cur ? toLead(cur) : { id, attributes: {}, account: null, updatedAt: at };
    const attributes = { ...lead.attributes, ...traits };
    q.putLead.run(id, JSON.stringify(attributes), lead.account === null ? null : JSON.stringify(lead.account), at);
    enqueue([id], 'identify', at);
    return { ...lead, attributes, updatedAt: at };
  });

  const putLead = db.transaction((id: string, attributes: Record<string, unknown>, account: Record<string, unknown> | null | undefined, at: number) => {
    let acc = account;
    if (acc === undefined) {
      const cur = q.getLead.get(id) as Row | undefined;
      acc = cur && cur.account != null ? json(cur.account) : null;
    }
    q.putLead.run(id, JSON.stringify(attributes), acc === null ? null : JSON.stringify(acc), at);
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
    async funnelEntries(f: FunnelQuery) {
      const params: Record<string, unknown> = { rs: f.ruleSetId, from: f.fromMs, to: f.toMs, recycled: f.recycledStage };
      f.sequence.forEach((stage, i) => (params[`s${i}`] = stage));
      // Raw rows (arrays): a window of a million records reads without an object per column.
      const out: FunnelEntryRow[] = [];
      for (const r of funnelStatement(f.sequence.length, f.leadIds).all(params) as unknown[][]) {
        out.push({
          leadId: (r[0] as string | null) ?? '', stage: r[1] === null ? (r[2] as string) : (f.sequence[r[1] as number] as string),
          at: r[3] as number, version: r[4] as number, nextAt: r[5] as number | null, recycled: r[6] === 1,
        });
      }
      return out;
    },
    async funnelHandoffs(ruleSetId, fromMs, toMs) {
      return (q.funnelHandoffs.all(ruleSetId, fromMs, toMs) as unknown[][]).map((r) => ({
        leadId: r[0] as string, version: r[1] as number, createdAt: r[2] as number, dueAt: r[3] as number, touchedAt: r[4] as number | null,
      }));
    },
    async handoffAnswers(ruleSetId, fromMs, toMs) {
      return (q.handoffAnswers.all(ruleSetId, fromMs, toMs) as Row[]).map(toStageChange);
    },
    async leadSources(ids) {
      const out = new Map<string, string>();
      for (const id of new Set(ids)) {
        const r = q.getLead.get(id) as Row | undefined;
        const src = r ? json(r.attributes).source : undefined;
        if (typeof src === 'string') out.set(id, src);
      }
      return out;
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
