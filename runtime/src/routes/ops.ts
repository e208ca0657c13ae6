import type { Hono } from 'hono';
import type { HonoEnv, Services } from '../context.js';
import { docsPage, openApiDocument } from '../openapi.js';
import { pageSecurityHeaders } from './csp.js';

/** Health, readiness, metrics, OpenAPI and the docs page: no key needed. */
export function opsRoutes(app: Hono<HonoEnv>, s: Services, frameAncestors?: readonly string[]): void {
  // /docs is a page of this origin like the editor's: the same policy (no script, no framing).
  const security = pageSecurityHeaders(frameAncestors);
  app.get('/healthz', (c) => c.json({ ok: true }));

  app.get('/readyz', async (c) => {
    let store = true;
    let storeError: string | undefined;
    try {
      await s.store.ping();
    } catch (e) {
      store = false;
      storeError = (e as Error).message;
    }
    const { ruleSets, problems } = await s.registry.list();
    const loaded = ruleSets.filter((r) => r.published).map((r) => ({ id: r.id, version: r.published?.version }));
    const ready = store;
    return c.json(
      {
        ready,
        store: store ? 'ok' : { error: storeError },
        database: s.store.kind,
        ruleSets: loaded,
        invalidFiles: problems.map((p) => ({ id: p.id, file: p.file, errors: p.errors })),
      },
      ready ? 200 : 503,
    );
  });

  app.get('/metrics', (c) => c.text(s.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }));
  app.get('/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/docs', (c) => c.html(docsPage(), 200, security));
}
