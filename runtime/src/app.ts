import { Hono } from 'hono';
import { routePath } from 'hono/route';
import type { AppDeps, HonoEnv, Logger, Services } from './context.js';
import { SluiceError } from './errors.js';
import { Metrics } from './metrics.js';
import { Scoring } from './services/scoring.js';
import { auth, cors } from './middleware/auth.js';
import { DEFAULT_RATE_LIMITS, Limits } from './middleware/rate-limit.js';
import { MemoryRateLimiter } from './limits/limiter.js';
import { compress } from './middleware/compress.js';
import { ruleSetRoutes } from './routes/rulesets.js';
import { scoreRoutes } from './routes/score.js';
import { batchRoutes } from './routes/batch.js';
import { eventRoutes } from './routes/events.js';
import { identityRoutes } from './routes/identity.js';
import { leadRoutes } from './routes/leads.js';
import { stageRecordRoutes } from './routes/stage-records.js';
import { funnelRoutes } from './routes/funnel.js';
import { exportRoutes } from './routes/export.js';
import { opsRoutes } from './routes/ops.js';
import { staticHandler } from './routes/static.js';
import { randomUUID } from 'node:crypto';

const silent: Logger = () => {};
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Builds the Sluice HTTP API as a Hono app. It never listens: `adapter/node.ts` does,
 * and tests call `app.request()`.
 *
 * @example
 * const app = createApp({ store, registry, keys });
 * const res = await app.request('/v1/score', { method: 'POST', headers, body });
 */
export function createApp(deps: AppDeps): SluiceApp {
  const clock = deps.clock ?? Date.now;
  const log = deps.log ?? silent;
  const metrics = deps.metrics ?? new Metrics();
  const dispatcher = deps.dispatcher;
  const off = { key: null, visitor: null, address: null, authFailure: null };
  const limits = new Limits(deps.limiter ?? new MemoryRateLimiter(), deps.rateLimits === null ? off : { ...DEFAULT_RATE_LIMITS, ...deps.rateLimits }, clock, deps.trustProxy ?? 0);
  const s: Services = {
    store: deps.store,
    registry: deps.registry,
    keys: deps.keys,
    clock,
    log,
    metrics,
    scoring: new Scoring(deps.registry, deps.store, clock, metrics, deps.defaultRuleSet, () => dispatcher?.kick(), deps.leadEventLimit),
    dispatcher,
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
    batchLineLimit: deps.batchLineLimit ?? 1024 * 1024,
    limits,
    identitySecret: deps.identitySecret,
    sharedVersions: deps.sharedVersions,
  };
  const app = new Hono<HonoEnv>();
  const onDrainError = (e: unknown) => log('error', 'queued re-score failed', { error: String(e) });
  let lastDrain = -Infinity;

  // Request id, one log line and metrics per request. Outermost, so errors are counted too.
  app.use('*', async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', id);
    const t0 = performance.now();
    await next();
    c.res.headers.set('x-request-id', id);
    const seconds = (performance.now() - t0) / 1000;
    // After next(), the route index is the handler that answered (not a later catch-all).
    const route = c.res.status === 404 && c.req.path.startsWith('/v1/') && !c.get('key') ? 'unmatched' : routePath(c);
    metrics.request(route, c.req.method, c.res.status, seconds);
    // Leads left queued by a failed re-score are picked up after writes, off the request's
    // path, at most once a second.
    if (c.req.method !== 'GET' && c.req.path.startsWith('/v1/') && clock() - lastDrain >= 1000) {
      lastDrain = clock();
      setImmediate(() => void s.scoring.drain(onDrainError).catch(onDrainError));
    }
    log('info', 'request', { requestId: id, method: c.req.method, path: c.req.path, route, status: c.res.status, ms: Math.round(seconds * 1e4) / 10 });
  });

  // Inside the log line (which reports the status) and around everything that answers JSON.
  app.use('*', compress());

  app.onError((err, c) => {
    const id = c.get('requestId') ?? randomUUID();
    if (err instanceof SluiceError) {
      if (err.status >= 500) log('error', err.message, { requestId: id, code: err.code });
      return c.json(err.toBody(), err.status, { ...err.headers, 'x-request-id': id });
    }
    // A client that went away mid-body (or a stop that cut it) is neither a bug nor worth a
    // stack trace; nobody reads the answer.
    if ((err as NodeJS.ErrnoException).code === 'ECONNRESET') {
      log('info', 'the client went away during the request', { requestId: id });
      return c.json(new SluiceError('invalid_json', 'the request was cut off').toBody(), 400, { 'x-request-id': id });
    }
    // Anything else is a bug or an outage: logged with its stack, answered without it.
    log('error', 'unhandled error', { requestId: id, error: String(err), stack: err instanceof Error ? err.stack : undefined });
    return c.json(new SluiceError('internal', 'internal error; the request id is in the logs').toBody(), 500, { 'x-request-id': id });
  });

  app.notFound((c) => c.json(new SluiceError('not_found', `no route for ${c.req.method} ${c.req.path}`).toBody(), 404));

  opsRoutes(app, s, deps.frameAncestors);
  if (deps.benchBare) app.get('/bench/bare', (c) => c.json({ ok: true, stage: 'MQL', score: 42 }));

  // An id in the path must decode to valid UTF-8: Hono keeps an undecodable %FF as the three
  // characters "%FF", which would be the same lead as one sent as %25FF.
  app.use('/v1/*', async (c, next) => {
    try {
      decodeURIComponent(c.req.path);
    } catch {
      throw new SluiceError('bad_request', 'the path is not valid UTF-8 once percent-decoded');
    }
    await next();
  });
  app.use('/v1/*', cors());
  app.use('/v1/*', limits.authFailures());
  app.use('/v1/*', auth(deps.keys));
  app.use('/v1/*', limits.middleware());

  scoreRoutes(app, s);
  batchRoutes(app, s);
  eventRoutes(app, s);
  identityRoutes(app, s);
  leadRoutes(app, s);
  stageRecordRoutes(app, s);
  funnelRoutes(app, s);
  exportRoutes(app, s);
  ruleSetRoutes(app, s);

  // Unknown API paths answer JSON, not the editor's index.html (its client-side routes).
  app.all('/v1/*', (c) => c.json(new SluiceError('not_found', `no route for ${c.req.method} ${c.req.path}`).toBody(), 404));
  app.get('*', staticHandler(s, deps.editorDir ?? null, deps.frameAncestors));
  return Object.assign(app, { drainRescores: (all = true) => s.scoring.drain(onDrainError, all) });
}

/**
 * The app, and the re-score queue's drain: at start-up every lead a crash left queued
 * (`all`, the default), later those queued for over 5 s (not the ones requests are re-scoring).
 */
export type SluiceApp = Hono<HonoEnv> & { drainRescores(all?: boolean): Promise<number> };
