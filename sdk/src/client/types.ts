// Response shapes of the runtime that are not (yet) messages of @sluice/schemas.
import type { EvaluationResult, FileProblem, Flow, Issue, Rescored, RuleSet, RuleSetSummary } from '@sluice/schemas';

export type { Rescored, RuleSetSummary };
export interface EventsResponse {
  accepted: number;
  duplicates: number;
  /** Secret key only. */
  duplicateIds?: string[];
  rescored?: Rescored[];
}
export interface IdentifyResponse {
  visitorId: string;
  leadId?: string;
  linked?: boolean;
  previousLeadId?: string | null;
  rescored?: Rescored[];
}
/** One line of /v1/score/batch: a result (with the line's `id`) or the line's error. */
export type BatchLineResult = (EvaluationResult & { id?: string | number }) | { line: number; id?: string | number; error: { code: string; message: string; details?: unknown } };
export interface LeadView {
  id: string;
  lead: Record<string, unknown>;
  account: Record<string, unknown> | null;
  events: { id: string; type: string; at: string | number; props?: Record<string, unknown>; visitorId?: string }[];
  now: string;
  ruleSets: {
    id: string;
    version: number;
    stage: { stage: string; version: number; since: string } | null;
    result: EvaluationResult;
    history: { ruleSet: string; version: number; from: string | null; to: string; at: string; cause: string }[];
  }[];
  handoffs: Handoff[];
}
export interface Handoff {
  leadId: string;
  ruleSet: string;
  version: number;
  stage: string;
  team: string;
  dueAt: string;
  createdAt: string;
  touchedAt: string | null;
  touchedBy: string | null;
}
export interface PutLeadResponse {
  id: string;
  lead: Record<string, unknown>;
  account: Record<string, unknown> | null;
  rescored: Rescored[];
}
export interface TouchResponse {
  leadId: string;
  acknowledged: number;
  at: string;
}
export interface BreachesResponse {
  now: string;
  breaches: (Handoff & { overdueMinutes: number })[];
}
export interface DeliveriesResponse {
  deliveries: { id: string; url: string; ruleSet: string; leadId: string; status: string; attempts: number; payload: unknown; [k: string]: unknown }[];
}
export interface RuleSetList {
  ruleSets: RuleSetSummary[];
  problems: FileProblem[];
}
export type RuleSetDetail = RuleSetSummary & { ruleSet: RuleSet | null; draft: Flow | null };
export interface SaveDraftResponse {
  id: string;
  saved: boolean;
  compiles: boolean;
  issues: Issue[];
}
export interface PublishResponse {
  id: string;
  version: number;
  hash: string;
  commit: string | null;
  warnings: Issue[];
  gitError?: string;
}
export interface VersionsResponse {
  id: string;
  versions: { version: number; hash: string; name: string }[];
}
