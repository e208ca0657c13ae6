import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { HonoEnv } from '../context.js';

/**
 * Listens with @hono/node-server. Resolves with the bound port (useful with port 0).
 *
 * @example
 * const { port, close } = await listen(app, 8787, '127.0.0.1');
 */
export function listen(app: Hono<HonoEnv>, port: number, host: string): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      resolvePromise({
        port: info.port,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
    server.once('error', reject);
  });
}
