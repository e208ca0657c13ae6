import type { Context, MiddlewareHandler } from 'hono';
import type { HonoEnv } from '../context.js';
import type { KeyRing } from '../keys.js';
import { SluiceError } from '../errors.js';

/** Where a publishable key may come in the URL (`?key=`): the embed's sendBeacon on page hide. */
const BEACON_PATH = '/v1/events';

/** Routes a publishable key may call (everything else needs a secret key). */
const PUBLISHABLE_ROUTES: [string, RegExp][] = [
  ['GET', /^\/v1\/rulesets\/[^/]+\/public$/],
  ['POST', /^\/v1\/events$/],
  ['POST', /^\/v1\/identify$/],
];

export function isBrowserRoute(method: string, path: string): boolean {
  return PUBLISHABLE_ROUTES.some(([m, re]) => (m === method || (method === 'OPTIONS')) && re.test(path));
}

/**
 * `Authorization: Bearer <key>` on every /v1 route (or, for a beacon, a publishable key as
 * `?key=` on POST /v1/events): 401 without a known key, 403 when a publishable key calls a
 * secret-key route or comes from an origin it does not allow.
 */
export function auth(keys: KeyRing): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const h = c.req.header('authorization');
    const inUrl = h === undefined ? c.req.query('key') : undefined;
    const m = /^Bearer\s+(\S{1,512})\s*$/i.exec(h ?? '');
    const sent = inUrl ?? m?.[1];
    if (!sent) throw new SluiceError('unauthorized', 'send a key: Authorization: Bearer <key>', undefined, { 'www-authenticate': 'Bearer' });
    // navigator.sendBeacon cannot set headers, so a page sending its last events on hide puts
    // its publishable key in the URL. Only there and only that kind: URLs end up in logs.
    if (inUrl !== undefined && !(c.req.method === 'POST' && c.req.path === BEACON_PATH)) {
      throw new SluiceError('unauthorized', `a key in the URL is accepted only on POST ${BEACON_PATH}; send Authorization: Bearer <key>`, undefined, { 'www-authenticate': 'Bearer' });
    }
    const key = await keys.find(sent);
    if (!key) throw new SluiceError('unauthorized', 'unknown key', undefined, { 'www-authenticate': 'Bearer' });
    if (inUrl !== undefined && key.kind !== 'publishable') {
      throw new SluiceError('unauthorized', 'a secret key is never accepted in the URL (it would be logged); send Authorization: Bearer <key>', undefined, { 'www-authenticate': 'Bearer' });
    }
    const origin = c.req.header('origin');
    // A browser sends Origin; a secret key there is readable by anyone who opens the page.
    if (key.kind === 'secret' && origin !== undefined && isBrowserRoute(c.req.method, c.req.path)) {
      throw new SluiceError('forbidden', 'a secret key was sent by a browser (the request has an Origin header): anyone who opens the page can read it and score, publish and read leads with it. Use a publishable key (pk_...) in browsers, and rotate this secret key');
    }
    if (key.kind === 'publishable') {
      if (!isBrowserRoute(c.req.method, c.req.path)) {
        throw new SluiceError('forbidden', 'a publishable key may only fetch public rule sets and send visitor events; use a secret key');
      }
      if (origin !== undefined && key.origins !== null && !key.origins.includes(origin)) {
        throw new SluiceError('forbidden', `origin ${origin} is not allowed for this key`);
      }
    }
    c.set('key', key);
    await next();
  };
}

/** Throws 403 unless the request came with a secret key. */
export function requireSecret(c: Context<HonoEnv>): void {
  if (c.get('key').kind !== 'secret') throw new SluiceError('forbidden', 'this needs a secret key');
}

/**
 * CORS for the browser routes. Preflights carry no Authorization header, so they are
 * answered for any origin; the actual request is checked against its key's origins (403
 * otherwise) and only then gets Access-Control-Allow-Origin. Error answers get it for any
 * origin: they hold no data, and without it the page sees a bare CORS failure instead of
 * "unknown key" or "origin not allowed", and cannot tell a wrong key from a network outage.
 */
export function cors(): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (!origin || !isBrowserRoute(c.req.method, c.req.path)) return next();
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'authorization, content-type, if-none-match',
        'access-control-max-age': '600',
        vary: 'Origin',
      });
    }
    await next();
    const key = c.get('key') as HonoEnv['Variables']['key'] | undefined;
    if (c.res.status >= 400 || (key && (key.origins === null || key.origins.includes(origin)))) {
      c.res.headers.set('access-control-allow-origin', origin);
      c.res.headers.set('access-control-expose-headers', 'etag, x-request-id, retry-after');
      c.res.headers.append('vary', 'Origin');
    }
  };
}
