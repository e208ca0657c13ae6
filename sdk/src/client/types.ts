// Response shapes of the runtime. They are defined once, in schemas/src/defs.schema.json (the
// OpenAPI document points at them, runtime/src/responses.test.ts checks every answer against
// them); these are the client's names for the generated types.
import type {
  BreachesResponse,
  DeliveriesResponse,
  EvaluationResult,
  EventsResponse,
  FunnelResponse,
  Handoff,
  IdentifyResponse,
  IdentityTokenResponse,
  LeadResponse,
  PublishResponse,
  PutLeadResponse,
  Rescored,
  RuleSetDetailResponse,
  RuleSetListResponse,
  RuleSetSummary,
  SaveDraftResponse,
  SavePlanResponse,
  StageRecordResponse,
  TouchResponse,
  VersionsResponse,
} from '@sluice/schemas';

export type {
  FunnelResponse,
  SavePlanResponse,
  StageRecordResponse,
  BreachesResponse,
  DeliveriesResponse,
  EventsResponse,
  Handoff,
  IdentifyResponse,
  IdentityTokenResponse,
  PublishResponse,
  PutLeadResponse,
  Rescored,
  RuleSetSummary,
  SaveDraftResponse,
  TouchResponse,
  VersionsResponse,
};
/** GET /v1/leads/{id}. */
export type LeadView = LeadResponse;
/** GET /v1/rulesets. */
export type RuleSetList = RuleSetListResponse;
/** GET /v1/rulesets/{id}. */
export type RuleSetDetail = RuleSetDetailResponse;
/** One line of /v1/score/batch: a result (with the line's `id`) or the line's error. */
export type BatchLineResult = (EvaluationResult & { id?: string | number }) | { line: number; id?: string | number; error: { code: string; message: string; details?: unknown } };
