import type { FunnelTallies } from '@sluice/sdk';
import type { TallyRequest } from './funnel-sql.js';

// The one interface in front of everything stateful. Async and free of engine types: SQLite
// (store/sqlite.ts) and PostgreSQL (store/postgres.ts) implement it; times are epoch
// milliseconds.

/** What Store.once resolves with when another process is running the job. */
export const SKIPPED: unique symbol = Symbol('skipped');

/**
 * Where an event came from: `browser` (sent with a publishable key, which every visitor can
 * read in the page) or `server` (a secret key). Event ids are unique per source, so a
 * browser can never claim the id of a server event.
 */
export type EventSource = 'browser' | 'server';

/** An event as ingested (POST /v1/events). Exactly one of leadId / visitorId. */
export interface NewEvent {
  /** Unique per source: the same id from the other source is another event. */
  id: string;
  source: EventSource;
  /** Which key sent it: the first 16 hex digits of the key's sha256 (null for events stored before keys were recorded). */
  keyId?: string;
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
  /** Insertion order: breaks ties between events with the same time, stably. */
  seq: number;
  receivedAt: number;
}

/**
 * Which of a lead's events to read for scoring (all when omitted): those dated at or after
 * `sinceMs`, plus the `newest.count` newest dated at or before `newest.atOrBeforeMs`; of
 * the first set at most the `limit` newest.
 */
export interface EventWindow {
  sinceMs?: number;
  newest?: { count: number; atOrBeforeMs: number };
  limit?: number;
}

/** A page of a lead's events, newest first: those strictly before `before` (a previous page's last). */
export interface EventPage {
  limit: number;
  before?: { atMs: number; seq: number };
}

/** A lead waiting to be re-scored (recorded with the change that needs it; see Store). */
export interface QueuedRescore {
  leadId: string;
  /** Grows with every change queued for the lead; rescoreDone(leadId, seq) clears up to it. */
  seq: number;
  /** The cause of the latest queued change: `events`, `identify` or `lead`. */
  cause: string;
  /** When the latest change was queued. */
  queuedAt: number;
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
  /** What caused it: `score` (POST /v1/score with leadId), `events`, `identify`, `lead`; `crm` and `handoff` for records (StageRecordInput). */
  cause: string;
  /** For records: the system it came from, its id there, and the reason given (flow changes have none). */
  source?: string;
  recordId?: string;
  reason?: string;
}

/**
 * A stage the flows do not compute, recorded into the same history (POST /v1/leads/:id/stage):
 * a CRM stage (`cause: 'crm'`: Meeting, Opportunity, Won, Lost…) or a sales rep's answer to a
 * handoff (`cause: 'handoff'`, `to`: `accepted` or `sent back`). It does not change the stage
 * the flows keep (lead_stages); the flows see it through the lead attributes it sets.
 */
export interface StageRecordInput {
  leadId: string;
  ruleSetId: string;
  version: number;
  cause: 'crm' | 'handoff';
  to: string;
  reason: string | null;
  at: number;
  /** The system it came from; (source, recordId) is unique: a re-sent record is recorded once. */
  source: string;
  recordId: string;
  /** Shallow-merged into the lead's attributes in the same transaction, which queues the lead for re-scoring (cause `crm`). */
  attributes?: Record<string, unknown>;
}

export type { TallyRequest } from './funnel-sql.js';

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
  /** Also clears the lead's re-score queue up to this seq, in the same transaction (see rescoreDone). */
  rescored?: number;
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
  /** Which engine: `sqlite` (one process) or `postgres` (many instances). */
  readonly kind: 'sqlite' | 'postgres';
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;

  /**
   * Runs `fn` while no other holder of this lead's lock runs, in any process on the same
   * database (re-scores: read, evaluate, record, so an older view never records last). Not
   * re-entrant; recordStage takes its own, separate lock.
   */
  withLeadLock<T>(leadId: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Runs periodic work (`job` names it) unless another process on the same database is
   * running it now; resolves with `fn`'s result, or `skipped` when it did not run.
   */
  once<T>(job: string, fn: () => Promise<T>): Promise<T | typeof SKIPPED>;

  /**
   * Stores events durably; (source, id) pairs already stored are ignored (retries never
   * double-count). In the same transaction, queues the leads the new events belong to for
   * re-scoring (a visitor's events belong to the lead it is linked to), and returns them.
   */
  addEvents(events: NewEvent[], receivedAt: number): Promise<{ inserted: NewEvent[]; duplicates: string[]; leads: string[] }>;
  /** The lead's events and those of every visitor linked to it, oldest first (by time, then seq). */
  eventsForLead(leadId: string, window?: EventWindow): Promise<StoredEvent[]>;
  /** One page of the lead's events (and its visitors'), newest first (by time, then seq). */
  leadEventsPage(leadId: string, page: EventPage): Promise<StoredEvent[]>;
  countEvents(): Promise<number>;

  /** Links a visitor to a lead; returns the lead it was linked to before. Queues both leads for re-scoring (cause `identify`). */
  linkVisitor(visitorId: string, leadId: string, at: number): Promise<{ previous: string | null }>;
  leadForVisitor(visitorId: string): Promise<string | null>;

  getLead(id: string): Promise<LeadRecord | null>;
  /** Replaces the lead's attributes (and its account when given); queues it for re-scoring (cause `lead`). */
  putLead(id: string, attributes: Record<string, unknown>, account: Record<string, unknown> | null | undefined, at: number): Promise<LeadRecord>;
  /** Shallow-merges traits into the lead's attributes (creating the lead); queues it for re-scoring (cause `identify`). */
  mergeLeadAttributes(id: string, traits: Record<string, unknown>, at: number): Promise<LeadRecord>;

  /*
   * The re-score outbox. Every change that can move a lead's stage queues the lead in the
   * transaction that stores the change, so a crash before the lead is re-scored loses
   * nothing: the queue is drained on start and after requests.
   */
  /** Queued leads, longest waiting first. */
  queuedRescores(limit: number): Promise<QueuedRescore[]>;
  /** The lead's queue entry, if it is queued. */
  queuedRescore(leadId: string): Promise<QueuedRescore | null>;
  /** Clears the lead's entry up to `seq` (a change queued after it keeps the lead queued). */
  rescoreDone(leadId: string, seq: number): Promise<void>;

  stages(leadId: string): Promise<LeadStage[]>;
  /** Records the stage; when it changed: history row, handoff, webhook deliveries, atomically. */
  recordStage(input: StageInput): Promise<{ changed: boolean; from: string | null }>;
  stageHistory(leadId: string, ruleSetId?: string): Promise<StageChange[]>;
  /**
   * Records a stage from outside the flows into the history (`from`: the lead's latest
   * stage at `at`). A record whose (source, recordId) is stored already changes nothing and
   * returns the stored one with `recorded: false`.
   */
  recordStageRecord(input: StageRecordInput): Promise<{ recorded: boolean; record: StageChange }>;

  /*
   * The funnel (GET /v1/funnel): the same SQL in both stores (funnel-sql.ts); what the
   * tallies mean is the SDK's tallyEntries, and measureFunnel turns them into the answer.
   */
  /**
   * Makes (sequence, recycledStage) the rule set's funnel basis and works out every record
   * for it (a new plan calls this; seconds per million records, in batches, resumed after a
   * crash; `batchRecords`: records per batch, for tests). Returns at once when it is the basis already.
   */
  prepareFunnel(ruleSetId: string, sequence: readonly string[], recycledStage: string, o?: { batchRecords?: number }): Promise<void>;
  /**
   * The window's tallies: each lead's first entry into each stage in [fromMs, toMs)
   * (handoff answers aside), whether it went on along the sequence and how fast, recycling;
   * the handoffs created and the answers recorded in the window; grouped when asked. Works
   * out the basis first when the request's sequence is not the rule set's basis yet.
   */
  funnelTallies(q: TallyRequest): Promise<FunnelTallies>;

  handoffs(leadId: string): Promise<Handoff[]>;
  /** Acknowledges every open handoff of the lead; returns how many. */
  touch(leadId: string, at: number, by: string | null): Promise<number>;
  /** Open handoffs whose due time is before `now`. */
  breaches(now: number, limit: number): Promise<Handoff[]>;

  /**
   * Claims up to `limit` pending deliveries due at `now`: each is held for `leaseMs` (its
   * next attempt moves to now + leaseMs), so no other process claims it meanwhile, and one
   * whose claimant died is due again once the lease ends. markDelivered / markAttempt end it.
   */
  claimDeliveries(now: number, limit: number, leaseMs: number): Promise<WebhookDelivery[]>;
  markDelivered(id: number, at: number, status: number): Promise<void>;
  markAttempt(id: number, r: { attempts: number; nextAttemptAt: number; error: string; status: number | null; failed: boolean }): Promise<void>;
  listDeliveries(status: DeliveryStatus | undefined, limit: number): Promise<WebhookDelivery[]>;


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
