import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface Endpoint {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  /** secret, publishable (also secret), or none. */
  auth: 'secret' | 'publishable' | 'none';
  /** A $defs name for a JSON body, or 'ndjson'. */
  body?: string;
  /** A $defs name for the success body. */
  response?: string;
  /** A $defs name for each line of an NDJSON success body. */
  lines?: string;
  /** The success status when it is not 200. */
  status?: number;
  params?: { name: string; in: 'path' | 'query'; required?: boolean; description: string }[];
  /** Also takes a publishable key as `?key=` (navigator.sendBeacon cannot send headers). */
  beacon?: boolean;
}

const id = { name: 'id', in: 'path' as const, required: true, description: 'Rule-set id (^[a-z0-9][a-z0-9-]{0,63}$)' };
const lead = { name: 'id', in: 'path' as const, required: true, description: 'Lead id' };

/** Every endpoint, once: the OpenAPI document and the /docs page are built from this. */
export const ENDPOINTS: Endpoint[] = [
  { method: 'post', path: '/v1/score', summary: 'Score one lead (records the stage when leadId is given)', auth: 'secret', body: 'ScoreRequest', response: 'EvaluationResult' },
  { method: 'post', path: '/v1/score/batch', summary: 'Score NDJSON leads, streamed: one result or error line per input line', auth: 'secret', body: 'ndjson',
    params: [{ name: 'ruleSet', in: 'query', description: 'Rule-set id for lines without ruleSet' }, { name: 'version', in: 'query', description: 'Version (default latest)' }] },
  { method: 'post', path: '/v1/events', summary: 'Ingest events (idempotent by id per source, durable before the 2xx); re-scores affected leads', auth: 'publishable', body: 'EventsRequest', response: 'EventsResponse', beacon: true },
  { method: 'post', path: '/v1/identify', summary: 'Link a visitor to a lead; traits merge into the lead (secret key). A publishable key needs an identity token for that lead and may not send traits', auth: 'publishable', body: 'IdentifyRequest', response: 'IdentifyResponse' },
  { method: 'post', path: '/v1/identity-tokens', summary: 'Mint an identity token for a lead (v1.<expiresAt>.<hex HMAC-SHA256>), for the browser embed\'s identify', auth: 'secret', body: 'IdentityTokenRequest', response: 'IdentityTokenResponse' },
  { method: 'get', path: '/v1/leads/{id}', summary: 'A lead scored now (decay at read time), its stage and stage history', auth: 'secret', response: 'LeadResponse',
    params: [lead, { name: 'ruleSet', in: 'query', description: 'Score with this rule set (default: the lead\'s)' },
      { name: 'limit', in: 'query', description: 'Events per page, 1–1000 (default 100), newest first' },
      { name: 'cursor', in: 'query', description: 'The nextCursor of the previous page' }] },
  { method: 'put', path: '/v1/leads/{id}', summary: 'Store a lead\'s attributes and account', auth: 'secret', body: 'PutLeadRequest', response: 'PutLeadResponse', params: [lead] },
  { method: 'post', path: '/v1/leads/{id}/touch', summary: 'Acknowledge the lead\'s open handoffs (SLA)', auth: 'secret', body: 'TouchRequest', response: 'TouchResponse', params: [lead] },
  { method: 'post', path: '/v1/leads/{id}/stage', summary: 'Record a CRM stage (Meeting, Won, Lost with a reason) or a rep\'s answer to a handoff (accepted, sent back with a reason) into the stage history; idempotent by id per source; 201 when new, 200 when already recorded', auth: 'secret', body: 'StageRecordRequest', response: 'StageRecordResponse', status: 201, params: [lead] },
  { method: 'get', path: '/v1/funnel', summary: 'The measured funnel of a rule set in [from, to): per stage the leads that reached it, went on to the plan\'s next stage, the conversion and median days; recycled leads apart; handoff SLA figures', auth: 'secret', response: 'FunnelResponse',
    params: [{ name: 'ruleSet', in: 'query', required: true, description: 'Rule-set id' }, { name: 'from', in: 'query', required: true, description: 'Start (ISO-8601 date or date-time, or epoch ms), inclusive' },
      { name: 'to', in: 'query', required: true, description: 'End, exclusive (a plain date includes that day)' }, { name: 'by', in: 'query', description: 'Also per group: month, quarter, version or source' }] },
  { method: 'get', path: '/v1/export/leads', summary: 'Stored leads with their events, NDJSON in id order, one page per request (ExportedLead per line; next page: the x-next-cursor header or Link rel=next)', auth: 'secret', lines: 'ExportedLead',
    params: [{ name: 'after', in: 'query', description: 'Cursor: the x-next-cursor of the previous page (a lead id); absent for the first page' }, { name: 'limit', in: 'query', description: 'Leads per page, 1–10000 (default 1000)' }] },
  { method: 'get', path: '/v1/sla/breaches', summary: 'Handoffs past due and not touched', auth: 'secret', response: 'BreachesResponse', params: [{ name: 'now', in: 'query', description: 'Instead of the server clock' }] },
  { method: 'get', path: '/v1/webhooks/deliveries', summary: 'Webhook deliveries (status=pending|delivered|failed)', auth: 'secret', response: 'DeliveriesResponse', params: [{ name: 'status', in: 'query', description: 'Filter' }] },
  { method: 'get', path: '/v1/rulesets', summary: 'List rule sets (with invalid files on disk)', auth: 'secret', response: 'RuleSetListResponse' },
  { method: 'get', path: '/v1/rulesets/{id}', summary: 'A rule set: latest published, draft, versions, problems', auth: 'secret', response: 'RuleSetDetailResponse', params: [id] },
  { method: 'put', path: '/v1/rulesets/{id}/draft', summary: 'Save the draft flow (also PUT /v1/rulesets/{id})', auth: 'secret', body: 'Flow', response: 'SaveDraftResponse', params: [id] },
  { method: 'get', path: '/v1/rulesets/{id}/draft', summary: 'The draft flow', auth: 'secret', response: 'Flow', params: [id] },
  { method: 'post', path: '/v1/rulesets/{id}/publish', summary: 'Compile and publish the next version (400 with compile errors)', auth: 'secret', body: 'PublishRequest', response: 'PublishResponse', status: 201, params: [id] },
  { method: 'get', path: '/v1/rulesets/{id}/cases', summary: 'The cases file (rules folder, else examples, else empty); 422 when the file on disk is invalid', auth: 'secret', response: 'CasesFile', params: [id] },
  { method: 'put', path: '/v1/rulesets/{id}/cases', summary: 'Save the cases file to the rules folder (validated)', auth: 'secret', body: 'CasesFile', params: [id] },
  { method: 'get', path: '/v1/rulesets/{id}/plan', summary: 'The funnel plan (rules folder, else examples); 404 when none, 422 when the file on disk is invalid', auth: 'secret', response: 'Plan', params: [id] },
  { method: 'put', path: '/v1/rulesets/{id}/plan', summary: 'Save the funnel plan to the rules folder (validated: rates, stages, steps)', auth: 'secret', body: 'Plan', response: 'SavePlanResponse', params: [id] },
  { method: 'get', path: '/v1/rulesets/{id}/plan/draft', summary: 'The plan\'s draft (<id>.plan.draft.json) and what stands in the way of publishing it; 404 when none', auth: 'secret', response: 'PlanDraftResponse', params: [id] },
  { method: 'put', path: '/v1/rulesets/{id}/plan/draft', summary: 'Save the plan\'s draft (the published plan stays; a draft need not be valid yet, the answer says why not)', auth: 'secret', body: 'Plan', response: 'SavePlanDraftResponse', params: [id] },
  { method: 'delete', path: '/v1/rulesets/{id}/plan/draft', summary: 'Discard the plan\'s draft', auth: 'secret', response: 'DiscardPlanDraftResponse', params: [id] },
  { method: 'post', path: '/v1/rulesets/{id}/plan/publish', summary: 'Publish the plan\'s draft as <id>.plan.json (400 with every problem when it is not a valid plan), committed to git like a flow', auth: 'secret', body: 'PublishPlanRequest', response: 'PublishPlanResponse', status: 201, params: [id] },
  { method: 'get', path: '/v1/rulesets/{id}/versions', summary: 'Published versions, with when (and by whom) each was published when recorded', auth: 'secret', response: 'VersionsResponse', params: [id] },
  { method: 'get', path: '/v1/rulesets/{id}/versions/{version}', summary: 'One published version', auth: 'secret', response: 'RuleSet',
    params: [id, { name: 'version', in: 'path', required: true, description: 'Version number' }] },
  { method: 'get', path: '/v1/rulesets/{id}/versions/{version}/flow', summary: 'The drawing a version was published from (positions, labels, descriptions); 404 when it has none (published before drawings were kept, or from the shared database), 422 when the stored file is invalid', auth: 'secret', response: 'Flow',
    params: [id, { name: 'version', in: 'path', required: true, description: 'Version number' }] },
  { method: 'get', path: '/v1/rulesets/{id}/diff', summary: 'Structural diff of two versions', auth: 'secret',
    params: [id, { name: 'from', in: 'query', required: true, description: 'Version' }, { name: 'to', in: 'query', description: 'Version (default latest)' }] },
  { method: 'get', path: '/v1/rulesets/{id}/public', summary: 'The compiled rule set for the browser SDK (ETag, 304)', auth: 'publishable', response: 'RuleSet', params: [id] },
  { method: 'get', path: '/healthz', summary: 'Liveness', auth: 'none' },
  { method: 'get', path: '/readyz', summary: 'Readiness: store reachable, rule sets loaded, invalid files listed', auth: 'none' },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics', auth: 'none' },
  { method: 'get', path: '/openapi.json', summary: 'This document', auth: 'none' },
];

function rewriteRefs(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(rewriteRefs);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = k === '$ref' && typeof x === 'string' ? x.replace('#/$defs/', '#/components/schemas/') : rewriteRefs(x);
    return out;
  }
  return v;
}

let cached: Record<string, unknown> | null = null;

/** The OpenAPI 3.1 document, built from defs.schema.json's $defs and ENDPOINTS. */
export function openApiDocument(version = '0.1.0'): Record<string, unknown> {
  if (cached) return cached;
  const file = createRequire(import.meta.url).resolve('@sluice/schemas/json/defs.schema.json');
  const defs = JSON.parse(readFileSync(file, 'utf8')) as { $defs: Record<string, unknown> };
  const schemas = rewriteRefs(defs.$defs) as Record<string, unknown>;
  const err = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of ENDPOINTS) {
    const op: Record<string, unknown> = {
      summary: e.summary,
      operationId: `${e.method}${e.path.replace(/[{}]/g, '').split(/[/-]/).map((p) => (p ? p[0]?.toUpperCase() + p.slice(1) : '')).join('')}`,
      security: e.auth === 'none' ? [] : [{ [e.auth === 'secret' ? 'secretKey' : 'publishableKey']: [] }, ...(e.auth === 'publishable' ? [{ secretKey: [] }] : []), ...(e.beacon ? [{ publishableKeyInUrl: [] }] : [])],
      parameters: (e.params ?? []).map((p) => ({ name: p.name, in: p.in, required: p.required ?? false, description: p.description, schema: { type: 'string' } })),
      responses: {
        [String(e.status ?? 200)]: e.response
          ? { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${e.response}` } } } }
          : e.lines
            ? { description: `NDJSON, one ${e.lines} per line`, content: { 'application/x-ndjson': { schema: { $ref: `#/components/schemas/${e.lines}` } } } }
          : e.body === 'ndjson'
            ? { description: 'NDJSON, one line per input line', content: { 'application/x-ndjson': { schema: { type: 'string' } } } }
            : { description: 'OK' },
        ...(e.auth === 'none' ? {} : { '400': err, '401': err, '403': err, '404': err, '413': err, '429': err }),
        default: err,
      },
    };
    if (e.body === 'ndjson') {
      op.requestBody = { required: true, content: { 'application/x-ndjson': { schema: { $ref: '#/components/schemas/BatchScoreLineRequest' } } } };
    } else if (e.body) {
      op.requestBody = { required: e.body !== 'TouchRequest', content: { 'application/json': { schema: { $ref: `#/components/schemas/${e.body}` } } } };
    }
    (paths[e.path] ??= {})[e.method] = op;
  }
  cached = {
    openapi: '3.1.0',
    info: { title: 'Sluice runtime API', version, description: 'Lead scoring and qualification. Errors: { error: { code, message, details } }.' },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas,
      securitySchemes: {
        secretKey: { type: 'http', scheme: 'bearer', description: 'Secret key (server side)' },
        publishableKey: { type: 'http', scheme: 'bearer', description: 'Publishable key (browser)' },
        publishableKeyInUrl: { type: 'apiKey', in: 'query', name: 'key', description: 'Publishable key in the URL, for navigator.sendBeacon (which cannot send headers): POST /v1/events only; a secret key there is refused' },
      },
    },
  };
  return cached;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The /docs page: a plain HTML list of the endpoints, from the OpenAPI document. */
export function docsPage(): string {
  const doc = openApiDocument() as { paths: Record<string, Record<string, { summary: string; security: Record<string, unknown>[]; requestBody?: { content: Record<string, { schema: { $ref?: string } }> } }>> };
  const rows: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const auth = op.security.length === 0 ? 'none' : op.security.map((s) => Object.keys(s)[0]).join(' or ');
      const body = op.requestBody ? Object.values(op.requestBody.content)[0]?.schema.$ref?.split('/').pop() ?? '' : '';
      rows.push(`<tr><td><code>${esc(method.toUpperCase())}</code></td><td><code>${esc(path)}</code></td><td>${esc(op.summary)}</td><td>${esc(body)}</td><td>${esc(auth)}</td></tr>`);
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sluice API</title><link rel="icon" href="data:,">
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}code{font-size:13px}</style>
</head><body><h1>Sluice API</h1>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1, schemas from defs.schema.json). Keys: <code>Authorization: Bearer &lt;key&gt;</code>.
Errors: <code>{ "error": { "code", "message", "details" } }</code>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What</th><th>Body</th><th>Key</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></body></html>
`;
}
