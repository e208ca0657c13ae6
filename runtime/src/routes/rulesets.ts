import type { Context, Hono } from 'hono';
import type { PublishResponse, RuleSet, RuleSetDetailResponse, RuleSetListResponse, SaveDraftResponse, VersionsResponse } from '@sluice/schemas';
import { validatePublishRequest } from '@sluice/schemas/validators';
import { compile, contentHash, prepareForBrowser, sha256Hex } from '@sluice/sdk';
import { diffRuleSets } from '@sluice/sdk';
import type { HonoEnv, Services } from '../context.js';
import { requireSecret } from '../middleware/auth.js';
import { ruleSetId, versionNumber } from '../ids.js';
import { check, readJson } from '../body.js';
import { SluiceError } from '../errors.js';

interface PublishBody {
  author: string;
  message?: string;
  flow?: Record<string, unknown>;
}

/**
 * The rule set as the browser SDK gets it: webhook URLs (which often carry tokens) stay on
 * the server, and expressions carry their parsed form (the browser bundles do not ship the
 * parser). Without webhooks the content differs, so the copy gets its own content hash
 * (loadRuleSet checks it; parsed forms are not part of it).
 */
function publicView(rs: RuleSet): RuleSet {
  if (!rs.webhooks) return prepareForBrowser(rs);
  const { webhooks: _hidden, ...rest } = rs;
  return prepareForBrowser({ ...rest, hash: contentHash(rest as RuleSet) } as RuleSet);
}

/** The public copy's body and strong ETag (of those exact bytes), once per registry object. */
const publicBodies = new WeakMap<RuleSet, { body: string; etag: string }>();
function publicBody(rs: RuleSet): { body: string; etag: string } {
  let b = publicBodies.get(rs);
  if (!b) {
    const body = JSON.stringify(publicView(rs));
    b = { body, etag: `"sha256:${sha256Hex(body)}"` };
    publicBodies.set(rs, b);
  }
  return b;
}

/** The registry: list, get, drafts, publish, versions, diff, and the public copy. */
export function ruleSetRoutes(app: Hono<HonoEnv>, s: Services): void {
  app.get('/v1/rulesets', async (c) => {
    requireSecret(c);
    return c.json<RuleSetListResponse>(await s.registry.list());
  });

  app.get('/v1/rulesets/:id', async (c) => {
    requireSecret(c);
    const id = ruleSetId(c.req.param('id'));
    const summary = await s.registry.summary(id);
    if (!summary) throw new SluiceError('not_found', `rule set ${id} does not exist`);
    let ruleSet: RuleSet | null = null;
    try {
      ruleSet = await s.registry.ruleSet(id);
    } catch {
      ruleSet = null;
    }
    let draft = null;
    try {
      draft = (await s.registry.draft(id)).flow;
    } catch {
      draft = null;
    }
    return c.json<RuleSetDetailResponse>({ ...summary, ruleSet, draft });
  });

  app.get('/v1/rulesets/:id/draft', async (c) => {
    requireSecret(c);
    const d = await s.registry.draft(ruleSetId(c.req.param('id')));
    return c.json(d.flow);
  });

  const putDraft = async (c: Context<HonoEnv>) => {
    requireSecret(c);
    const id = ruleSetId(c.req.param('id'));
    const flow = await readJson(c, s.bodyLimit);
    await s.registry.saveDraft(id, flow);
    const r = compile(flow);
    return c.json<SaveDraftResponse>({ id, saved: true, compiles: r.ok, issues: r.ok ? r.warnings : r.errors });
  };
  app.put('/v1/rulesets/:id/draft', putDraft);
  app.put('/v1/rulesets/:id', putDraft);

  app.post('/v1/rulesets/:id/publish', async (c) => {
    requireSecret(c);
    const id = ruleSetId(c.req.param('id'));
    const body = check<PublishBody>(validatePublishRequest, await readJson(c, s.bodyLimit), 'PublishRequest');
    const o = body.flow === undefined ? { author: body.author, ...(body.message ? { message: body.message } : {}) } : body;
    const r = await (s.sharedVersions ? s.sharedVersions.publish(id, o) : s.registry.publish(id, o));
    return c.json<PublishResponse>({ id: r.id, version: r.version, hash: r.hash, commit: r.commit, warnings: r.warnings, ...(r.gitError ? { gitError: r.gitError } : {}) }, 201);
  });

  app.get('/v1/rulesets/:id/cases', async (c) => {
    requireSecret(c);
    const r = await s.registry.cases(ruleSetId(c.req.param('id')));
    return c.json(r.cases, 200, { 'x-sluice-source': r.source });
  });

  app.put('/v1/rulesets/:id/cases', async (c) => {
    requireSecret(c);
    const id = ruleSetId(c.req.param('id'));
    await s.registry.saveCases(id, await readJson(c, s.bodyLimit));
    return c.json({ id, saved: true });
  });

  app.get('/v1/rulesets/:id/versions', async (c) => {
    requireSecret(c);
    const id = ruleSetId(c.req.param('id'));
    return c.json<VersionsResponse>({ id, versions: await s.registry.versions(id) });
  });

  app.get('/v1/rulesets/:id/versions/:version', async (c) => {
    requireSecret(c);
    const id = ruleSetId(c.req.param('id'));
    return c.json(await s.registry.ruleSet(id, versionNumber(c.req.param('version'))));
  });

  app.get('/v1/rulesets/:id/versions/:version/flow', async (c) => {
    requireSecret(c);
    const id = ruleSetId(c.req.param('id'));
    return c.json(await s.registry.versionFlow(id, versionNumber(c.req.param('version'))));
  });

  app.get('/v1/rulesets/:id/diff', async (c) => {
    requireSecret(c);
    const id = ruleSetId(c.req.param('id'));
    const from = await s.registry.ruleSet(id, versionNumber(c.req.query('from'), 'from'));
    const toParam = c.req.query('to');
    const to = await s.registry.ruleSet(id, toParam === undefined ? undefined : versionNumber(toParam, 'to'));
    return c.json(diffRuleSets(from, to));
  });

  app.get('/v1/rulesets/:id/public', async (c) => {
    const id = ruleSetId(c.req.param('id'));
    const { body, etag } = publicBody(await s.registry.ruleSet(id));
    const headers = { etag, 'cache-control': 'no-cache' };
    const inm = c.req.header('if-none-match');
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
    return c.body(body, 200, { ...headers, 'content-type': 'application/json' });
  });
}
