import type {
  BatchScoreLineRequest,
  EvaluationResult,
  EventsRequest,
  Flow,
  IdentifyRequest,
  IdentityTokenRequest,
  Issue,
  Plan,
  PublishRequest,
  PutLeadRequest,
  RuleSet,
  ScoreRequest,
  StageRecordRequest,
  TouchRequest,
} from '@sluice/schemas';
import { createSend } from './http.js';
import type { ClientOptions } from './http.js';
import type * as T from './types.js';

/** Typed calls to every endpoint of the Sluice runtime. See `createClient`. */
export interface SluiceClient {
  /** POST /v1/score: one lead (secret key). */
  score(req: ScoreRequest): Promise<EvaluationResult>;
  /** POST /v1/score/batch: NDJSON in and out; one result (or `{ line, error }`) per input line. */
  scoreBatch(lines: BatchScoreLineRequest[], opts?: { ruleSet?: string; version?: number }): Promise<T.BatchLineResult[]>;
  /** POST /v1/events: idempotent by event id (a replayed batch adds nothing). */
  sendEvents(req: EventsRequest): Promise<T.EventsResponse>;
  /** POST /v1/identify: link a visitor to a lead; traits need a secret key, a publishable key needs `token`. */
  identify(req: IdentifyRequest): Promise<T.IdentifyResponse>;
  /** POST /v1/identity-tokens (secret key): an identity token for a lead; `createIdentityToken` mints the same locally. */
  identityToken(req: IdentityTokenRequest): Promise<T.IdentityTokenResponse>;
  /** GET /v1/leads/:id: stored attributes, scores with decay applied now, stage history, a page of events (newest first; pass `nextCursor` as `cursor` for more). */
  getLead(id: string, opts?: { ruleSet?: string; trace?: boolean; limit?: number; cursor?: string }): Promise<T.LeadView>;
  /** PUT /v1/leads/:id: replace a lead's attributes (and account); re-scores it. */
  putLead(id: string, req: PutLeadRequest): Promise<T.PutLeadResponse>;
  /** POST /v1/leads/:id/touch: acknowledge the lead's open handoffs (SLA). */
  touchLead(id: string, req?: TouchRequest): Promise<T.TouchResponse>;
  /** POST /v1/leads/:id/stage: record a CRM stage or a rep's answer to a handoff (idempotent by `id` per source). */
  recordStage(id: string, req: StageRecordRequest): Promise<T.StageRecordResponse>;
  /** GET /v1/funnel: the measured funnel of a rule set in [from, to). */
  funnel(q: { ruleSet: string; from: string | number; to: string | number; by?: 'month' | 'quarter' | 'version' | 'source' }): Promise<T.FunnelResponse>;
  /** GET /v1/rulesets/:id/plan: null when the rule set has no plan. */
  getPlan(id: string): Promise<Plan | null>;
  /** PUT /v1/rulesets/:id/plan: validated and saved beside the flow. */
  savePlan(id: string, plan: Plan): Promise<T.SavePlanResponse>;
  /** GET /v1/sla/breaches: handoffs past their due time. */
  slaBreaches(opts?: { now?: string | number; limit?: number }): Promise<T.BreachesResponse>;
  /** GET /v1/webhooks/deliveries. */
  webhookDeliveries(opts?: { status?: 'pending' | 'delivered' | 'failed'; limit?: number }): Promise<T.DeliveriesResponse>;
  /** GET /v1/rulesets. */
  listRuleSets(): Promise<T.RuleSetList>;
  /** GET /v1/rulesets/:id: summary, published rule set and draft. */
  getRuleSet(id: string): Promise<T.RuleSetDetail>;
  /** GET /v1/rulesets/:id/draft. */
  getDraft(id: string): Promise<Flow>;
  /** PUT /v1/rulesets/:id/draft: save a draft (it may not compile yet). */
  saveDraft(id: string, flow: Flow | Record<string, unknown>): Promise<T.SaveDraftResponse>;
  /** POST /v1/rulesets/:id/publish: compile and publish the next version (not retried on 5xx). */
  publish(id: string, req: PublishRequest): Promise<T.PublishResponse>;
  /** GET /v1/rulesets/:id/versions. */
  versions(id: string): Promise<T.VersionsResponse>;
  /** GET /v1/rulesets/:id/versions/:version. */
  getVersion(id: string, version: number): Promise<RuleSet>;
  /** GET /v1/rulesets/:id/diff?from&to. */
  diff(id: string, from: number, to?: number): Promise<unknown>;
  /** GET /v1/rulesets/:id/public (publishable key): `ruleSet` is null when `etag` still matches (304). */
  publicRuleSet(id: string, etag?: string): Promise<{ ruleSet: RuleSet | null; etag: string | null }>;
  /** GET /healthz. */
  health(): Promise<{ ok: boolean }>;
  /** GET /readyz. */
  ready(): Promise<unknown>;
}

const enc = encodeURIComponent;

/**
 * A typed client of the Sluice runtime for Node (or any runtime with fetch): per-attempt
 * timeouts, retries with exponential backoff and jitter on network errors, 5xx and 429
 * (honouring Retry-After), and `SluiceError`s carrying the runtime's code, status, details
 * and request id.
 *
 * @example
 * import { createClient } from '@sluice/sdk/client';
 * const sluice = createClient({ baseUrl: 'http://127.0.0.1:8787', key: process.env.SLUICE_SECRET_KEY!, timeoutMs: 2000, retries: 3 });
 * const result = await sluice.score({ ruleSet: 'fit-engagement-decay', lead: { seniority: 'vp' } });
 * console.log(result.outcome.stage);
 */
export function createClient(o: ClientOptions): SluiceClient {
  const send = createSend(o);
  const json = async <R>(spec: Parameters<typeof send>[0]): Promise<R> => (await (await send(spec)).json()) as R;
  return {
    score: (req) => json({ method: 'POST', path: '/v1/score', body: req }),
    async scoreBatch(lines, opts = {}) {
      if (lines.length === 0) return []; // the server answers an empty batch with a 400
      const res = await send({
        method: 'POST',
        path: '/v1/score/batch',
        query: { ruleSet: opts.ruleSet, version: opts.version },
        raw: { text: lines.map((l) => JSON.stringify(l)).join('\n') + '\n', type: 'application/x-ndjson' },
      });
      const text = await res.text();
      return text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as T.BatchLineResult);
    },
    sendEvents: (req) => json({ method: 'POST', path: '/v1/events', body: req }),
    identify: (req) => json({ method: 'POST', path: '/v1/identify', body: req }),
    identityToken: (req) => json({ method: 'POST', path: '/v1/identity-tokens', body: req }),
    getLead: (id, opts = {}) => json({ method: 'GET', path: `/v1/leads/${enc(id)}`, query: { ruleSet: opts.ruleSet, trace: opts.trace, limit: opts.limit, cursor: opts.cursor } }),
    putLead: (id, req) => json({ method: 'PUT', path: `/v1/leads/${enc(id)}`, body: req }),
    touchLead: (id, req = {}) => json({ method: 'POST', path: `/v1/leads/${enc(id)}/touch`, body: req }),
    recordStage: (id, req) => json({ method: 'POST', path: `/v1/leads/${enc(id)}/stage`, body: req }),
    funnel: (q) => json({ method: 'GET', path: '/v1/funnel', query: q }),
    async getPlan(id) {
      const res = await send({ method: 'GET', path: `/v1/rulesets/${enc(id)}/plan`, accept: [404] });
      return res.status === 404 ? null : ((await res.json()) as Plan);
    },
    savePlan: (id, plan) => json({ method: 'PUT', path: `/v1/rulesets/${enc(id)}/plan`, body: plan }),
    slaBreaches: (opts = {}) => json({ method: 'GET', path: '/v1/sla/breaches', query: opts }),
    webhookDeliveries: (opts = {}) => json({ method: 'GET', path: '/v1/webhooks/deliveries', query: opts }),
    listRuleSets: () => json({ method: 'GET', path: '/v1/rulesets' }),
    getRuleSet: (id) => json({ method: 'GET', path: `/v1/rulesets/${enc(id)}` }),
    getDraft: (id) => json({ method: 'GET', path: `/v1/rulesets/${enc(id)}/draft` }),
    saveDraft: (id, flow) => json({ method: 'PUT', path: `/v1/rulesets/${enc(id)}/draft`, body: flow }),
    publish: (id, req) => json({ method: 'POST', path: `/v1/rulesets/${enc(id)}/publish`, body: req, idempotent: false }),
    versions: (id) => json({ method: 'GET', path: `/v1/rulesets/${enc(id)}/versions` }),
    getVersion: (id, version) => json({ method: 'GET', path: `/v1/rulesets/${enc(id)}/versions/${version}` }),
    diff: (id, from, to) => json({ method: 'GET', path: `/v1/rulesets/${enc(id)}/diff`, query: { from, to } }),
    async publicRuleSet(id, etag) {
      const res = await send({ method: 'GET', path: `/v1/rulesets/${enc(id)}/public`, headers: etag ? { 'if-none-match': etag } : {}, accept: [304] });
      return { ruleSet: res.status === 304 ? null : ((await res.json()) as RuleSet), etag: res.headers.get('etag') };
    },
    health: () => json({ method: 'GET', path: '/healthz' }),
    ready: () => json({ method: 'GET', path: '/readyz' }),
  };
}

export type { Issue };
