// The one interface in front of everything stateful. Async and free of SQLite types, so a
// PostgreSQL implementation can follow; times are epoch milliseconds.

/** An event as ingested (POST /v1/events). Exactly one of leadId / visitorId. */
export interface NewEvent {
  id: string;
  type: string;
  /** The event time as sent (ISO string or epoch ms). */
  at: string | number;
  /** `at` in epoch ms, for ordering and decay. */
  atMs: number;
  leadId?: string;
  visitorId?: string;
  props?: Record<string, unknown>;
}

export interface StoredEvent extends NewEvent {
  receivedAt: number;
}

export interface LeadRecord {
  id: string;
  attributes: Record<string, unknown>;
  account: Record<string, unknown> | null;
  updatedAt: number;
}

export interface LeadStage {
  leadId: string;
  ruleSetId: string;
  stage: string;
  version: number;
  updatedAt: number;
}

export interface StageChange {
  leadId: string;
  ruleSetId: string;
  version: number;
  from: string | null;
  to: string;
  at: number;
  /** What caused it: `score` (POST /v1/score with leadId), `events`, `identify`, `lead`. */
  cause: string;
}

/** A stage to record; when it differs from the lead's current one it becomes a StageChange. */
export interface StageInput {
  leadId: string;
  ruleSetId: string;
  version: number;
  stage: string;
  at: number;
  cause: string;
  /** The outcome's handoff: recorded with its SLA due time when the stage changes. */
  handoff?: { dueAt: number; team?: string };
  /** Webhook URLs that receive the change (deliveries are queued in the same transaction). */
  webhooks?: string[];
}

export interface Handoff {
  id: number;
  leadId: string;
  ruleSetId: string;
  version: number;
  stage: string;
  team: string | null;
  dueAt: number;
  createdAt: number;
  touchedAt: number | null;
  touchedBy: string | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: number;
  url: string;
  ruleSetId: string;
  leadId: string;
  /** The JSON body sent, exactly (the signature is over these bytes). */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: number;
  deliveredAt: number | null;
}

export type KeyKind = 'secret' | 'publishable';

export interface KeyRecord {
  /** sha256 hex of the key; the plaintext is never stored. */
  hash: string;
  kind: KeyKind;
  name: string;
  /** Allowed browser origins for a publishable key; null = any origin. */
  origins: string[] | null;
  createdAt: number;
}

export interface Store {
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;

  /** Stores events durably; ids already stored are ignored (retries never double-count). */
  addEvents(events: NewEvent[], receivedAt: number): Promise<{ inserted: NewEvent[]; duplicates: string[] }>;
  /** The lead's events and those of every visitor linked to it, oldest first. */
  eventsForLead(leadId: string): Promise<StoredEvent[]>;
  countEvents(): Promise<number>;

  /** Links a visitor to a lead; returns the lead it was linked to before, if any. */
  linkVisitor(visitorId: string, leadId: string, at: number): Promise<{ previous: string | null }>;
  leadForVisitor(visitorId: string): Promise<string | null>;

  getLead(id: string): Promise<LeadRecord | null>;
  /** Replaces the lead's attributes (and its account when given). */
  putLead(id: string, attributes: Record<string, unknown>, account: Record<string, unknown> | null | undefined, at: number): Promise<LeadRecord>;
  /** Shallow-merges traits into the lead's attributes (creating the lead). */
  mergeLeadAttributes(id: string, traits: Record<string, unknown>, at: number): Promise<LeadRecord>;

  stages(leadId: string): Promise<LeadStage[]>;
  /** Records the stage; when it changed: history row, handoff, webhook deliveries, atomically. */
  recordStage(input: StageInput): Promise<{ changed: boolean; from: string | null }>;
  stageHistory(leadId: string, ruleSetId?: string): Promise<StageChange[]>;

  handoffs(leadId: string): Promise<Handoff[]>;
  /** Acknowledges every open handoff of the lead; returns how many. */
  touch(leadId: string, at: number, by: string | null): Promise<number>;
  /** Open handoffs whose due time is before `now`. */
  breaches(now: number, limit: number): Promise<Handoff[]>;

  dueDeliveries(now: number, limit: number): Promise<WebhookDelivery[]>;
  markDelivered(id: number, at: number, status: number): Promise<void>;
  markAttempt(id: number, r: { attempts: number; nextAttemptAt: number; error: string; status: number | null; failed: boolean }): Promise<void>;
  listDeliveries(status: DeliveryStatus | undefined, limit: number): Promise<WebhookDelivery[]>;

  putKey(key: KeyRecord): Promise<void>;
  findKey(hash: string): Promise<KeyRecord | null>;

  /**
   * Ids of known leads (a stored lead record, events or a linked visitor) after `after`, in
   * id order, at most `limit`: the pages of GET /v1/export/leads.
   */
  leadIdsAfter(after: string, limit: number): Promise<string[]>;
}

/** The JSON body of a stage.changed webhook (what is signed and sent). */
export function stageChangedPayload(c: StageChange): string {
  return JSON.stringify({
    type: 'stage.changed',
    leadId: c.leadId,
    ruleSet: { id: c.ruleSetId, version: c.version },
    from: c.from,
    to: c.to,
    at: new Date(c.at).toISOString(),
    cause: c.cause,
  });
}
