// Rows of the store's tables (the same columns in SQLite and PostgreSQL) to the Store's
// records. Numbers go through Number(): PostgreSQL's BIGINT arrives as a string.
import type { DeliveryStatus, EventSource, Handoff, LeadRecord, LeadStage, StageChange, StoredEvent, WebhookDelivery } from './store.js';

export type Row = Record<string, unknown>;

export const str = (v: unknown): string => String(v);
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const json = (v: unknown): Record<string, unknown> => JSON.parse(String(v)) as Record<string, unknown>;

export function toEvent(r: Row): StoredEvent {
  const at = str(r.at);
  const e: StoredEvent = {
    id: str(r.id), source: str(r.source) as EventSource, type: str(r.type), at: /^-?\d+$/.test(at) ? Number(at) : at, atMs: Number(r.at_ms),
    seq: Number(r.seq), receivedAt: Number(r.received_at),
  };
  if (r.key_id != null) e.keyId = str(r.key_id);
  if (r.lead_id != null) e.leadId = str(r.lead_id);
  if (r.visitor_id != null) e.visitorId = str(r.visitor_id);
  if (r.props != null) e.props = json(r.props);
  return e;
}
export function toLead(r: Row): LeadRecord {
  return { id: str(r.id), attributes: json(r.attributes), account: r.account == null ? null : json(r.account), updatedAt: Number(r.updated_at) };
}
export function toHandoff(r: Row): Handoff {
  return {
    id: Number(r.id), leadId: str(r.lead_id), ruleSetId: str(r.rule_set_id), version: Number(r.version), stage: str(r.stage),
    team: strOrNull(r.team), dueAt: Number(r.due_at), createdAt: Number(r.created_at), touchedAt: numOrNull(r.touched_at), touchedBy: strOrNull(r.touched_by),
  };
}
export function toDelivery(r: Row): WebhookDelivery {
  return {
    id: Number(r.id), url: str(r.url), ruleSetId: str(r.rule_set_id), leadId: str(r.lead_id), payload: str(r.payload),
    status: str(r.status) as DeliveryStatus, attempts: Number(r.attempts), nextAttemptAt: Number(r.next_attempt_at),
    lastError: strOrNull(r.last_error), lastStatus: numOrNull(r.last_status), createdAt: Number(r.created_at), deliveredAt: numOrNull(r.delivered_at),
  };
}

export function toStage(r: Row): LeadStage {
  return { leadId: str(r.lead_id), ruleSetId: str(r.rule_set_id), stage: str(r.stage), version: Number(r.version), updatedAt: Number(r.updated_at) };
}
export function toStageChange(r: Row): StageChange {
  const c: StageChange = {
    leadId: str(r.lead_id), ruleSetId: str(r.rule_set_id), version: Number(r.version), from: strOrNull(r.from_stage), to: str(r.to_stage), at: Number(r.at), cause: str(r.cause),
  };
  // Records from outside the flows (POST /v1/leads/:id/stage) carry where they came from.
  if (r.source != null) c.source = str(r.source);
  if (r.record_id != null) c.recordId = str(r.record_id);
  if (r.reason != null) c.reason = str(r.reason);
  return c;
}

/**
 * A window's rows plus the newest few read apart (handoff touchpoints count whatever their
 * age): those not read yet are added, in time then insertion order.
 */
export function withNewest(rows: Row[], newest: Row[]): Row[] {
  const seen = new Set(rows.map((r) => Number(r.seq)));
  const extra = newest.filter((r) => !seen.has(Number(r.seq)));
  if (extra.length === 0) return rows;
  return [...rows, ...extra].sort((a, b) => Number(a.at_ms) - Number(b.at_ms) || Number(a.seq) - Number(b.seq));
}
