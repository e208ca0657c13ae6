import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { HonoEnv } from '../context.js';


/**
 * Listens with @hono/node-server. Resolves with the bound port (useful with port 0). `close`
 * stops accepting, lets requests in flight finish for up to `graceMs`, then cuts what is left: a
 * client that never finishes its request must not keep a SIGTERM from stopping the server.
 * Nothing acknowledged is lost by that (events are durable before their 2xx; a cut request
 * was not acknowledged and its sender retries it, ids make the retry count once).
 *
 * @example
 * const { port, close } = await listen(app, 8787, '127.0.0.1');
 */
export function listen(app: Hono<HonoEnv>, port: number, host: string, graceMs = 10_000): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      resolvePromise({
        port: info.port,
        close: () =>
          new Promise<void>((r) => {
            const cut = setTimeout(() => (server as Server).closeAllConnections(), graceMs);
            server.close(() => {
              clearTimeout(cut);
              r();
            });
          }),
      });
    });
    server.once('error', reject);
  });
}
