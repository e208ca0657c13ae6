// The runtime's rule-set API (the editor is served by the runtime itself, same origin). The
// secret key is asked for once per tab and kept in sessionStorage, never localStorage: it is
// gone when the tab closes instead of staying on disk for every later script of this origin.
// Why not an HttpOnly cookie: see docs/security.md, "The editor page and HTTP surface".
import type { CasesFile, Flow, FunnelResponse, Issue, Plan, PlanDraftResponse, PublishPlanResponse, RuleSet, SavePlanDraftResponse, VersionsResponse } from '@sluice/schemas';

export const KEY_STORAGE = 'sluice.secretKey';

// The runtime's response shapes are described once, by the SDK's typed client.
import type { RuleSetDetail, RuleSetSummary } from '@sluice/sdk/client';
export type { RuleSetDetail, RuleSetSummary };

/** An error answer from the runtime: `{error:{code,message,details}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Issue[] = [],
  ) {
    super(message);
  }
}

/** Where the key lives: this tab's session (the storages are parameters for tests). */
export function getKey(session: Storage = sessionStorage, local: Storage = localStorage): string | null {
  // Earlier versions kept it in localStorage: take it over once and remove it from there.
  const legacy = local.getItem(KEY_STORAGE);
  if (legacy !== null) {
    local.removeItem(KEY_STORAGE);
    if (session.getItem(KEY_STORAGE) === null) session.setItem(KEY_STORAGE, legacy);
  }
  return session.getItem(KEY_STORAGE);
}

export function setKey(key: string | null, session: Storage = sessionStorage): void {
  if (key) session.setItem(KEY_STORAGE, key);
  else session.removeItem(KEY_STORAGE);
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const key = getKey();
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : 'the runtime could not be reached');
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    // Validation problems come as a list, or (from the registry) as { issues: [...] }.
    const details = err?.details as Issue[] | { issues?: Issue[] } | undefined;
    const issues = Array.isArray(details) ? details : Array.isArray(details?.issues) ? details.issues : [];
    throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? (res.statusText || 'request failed'), issues);
  }
  return json as T;
}

/** The runtime's API, one function per call. */
export const api = {
  list: () => call<{ ruleSets: RuleSetSummary[] }>('GET', '/v1/rulesets').then((r) => r.ruleSets),
  get: (id: string) => call<RuleSetDetail>('GET', `/v1/rulesets/${encodeURIComponent(id)}`),
  saveDraft: (id: string, flow: Flow) => call<{ saved: boolean; compiles: boolean; issues: Issue[] }>('PUT', `/v1/rulesets/${encodeURIComponent(id)}/draft`, flow),
  publish: (id: string, body: { message: string; author: string; flow: Flow }) =>
    call<{ id: string; version: number; hash: string }>('POST', `/v1/rulesets/${encodeURIComponent(id)}/publish`, body),
  /** The rule set's cases file on the runtime, or null when it has no cases. */
  cases: (id: string) =>
    call<CasesFile>('GET', `/v1/rulesets/${encodeURIComponent(id)}/cases`).then((f) => (f.cases.length > 0 ? f : null)),
  saveCases: (id: string, file: CasesFile) => call<{ saved: boolean }>('PUT', `/v1/rulesets/${encodeURIComponent(id)}/cases`, file),
  /** The rule set's funnel plan, or null when it has none. */
  plan: (id: string) =>
    call<Plan>('GET', `/v1/rulesets/${encodeURIComponent(id)}/plan`).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }),
  savePlan: (id: string, plan: Plan) => call<{ saved: boolean }>('PUT', `/v1/rulesets/${encodeURIComponent(id)}/plan`, plan),
  /** The plan's draft (saved, not yet published), or null when there is none. */
  planDraft: (id: string) =>
    call<PlanDraftResponse>('GET', `/v1/rulesets/${encodeURIComponent(id)}/plan/draft`).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }),
  /** Saves the plan's draft; the published plan stays. The answer says whether it would publish. */
  savePlanDraft: (id: string, plan: Plan) => call<SavePlanDraftResponse>('PUT', `/v1/rulesets/${encodeURIComponent(id)}/plan/draft`, plan),
  discardPlanDraft: (id: string) => call<{ discarded: boolean }>('DELETE', `/v1/rulesets/${encodeURIComponent(id)}/plan/draft`),
  /** Publishes the plan's draft as <id>.plan.json. */
  publishPlan: (id: string, body: { author: string; message?: string }) => call<PublishPlanResponse>('POST', `/v1/rulesets/${encodeURIComponent(id)}/plan/publish`, body),
  /** GET /v1/funnel: the measured funnel of [from, to). */
  funnel: (id: string, from: string, to: string, by?: 'month' | 'quarter' | 'version' | 'source') =>
    call<FunnelResponse>('GET', `/v1/funnel?ruleSet=${encodeURIComponent(id)}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${by ? `&by=${by}` : ''}`),
  /** Published versions, oldest first; publishedAt null when the runtime has no record of when. */
  versions: (id: string) => call<VersionsResponse>('GET', `/v1/rulesets/${encodeURIComponent(id)}/versions`).then((r) => r.versions),
  /** One published version's rule set. */
  version: (id: string, version: number) => call<RuleSet>('GET', `/v1/rulesets/${encodeURIComponent(id)}/versions/${version}`),
  /** The drawing a version was published from; a 404 ApiError when the runtime kept none. */
  versionFlow: (id: string, version: number) => call<Flow>('GET', `/v1/rulesets/${encodeURIComponent(id)}/versions/${version}/flow`),
};
