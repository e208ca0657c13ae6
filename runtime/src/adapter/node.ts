import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { HonoEnv } from '../context.js';


/** What `close` did: the answer the server prints when it stops. */
export interface CloseReport {
  /** Requests answered since the server started. */
  served: number;
  /** Requests in flight when close was called … */
  inFlight: number;
  /** … of which this many finished within the grace period … */
  finished: number;
  /** … and this many were cut when it ended. */
  cut: number;
}

/**
 * Listens with @hono/node-server. Resolves with the bound port (useful with port 0). `close`
 * stops accepting, lets requests in flight finish for up to `graceMs`, then cuts what is left: a
 * client that never finishes its request must not keep a SIGTERM from stopping the server.
 * Nothing acknowledged is lost by that (events are durable before their 2xx; a cut request
 * was not acknowledged and its sender retries it, ids make the retry count once).
 *
 * @example
 * const { port, close } = await listen(app, 8787, '127.0.0.1');
 * const { finished, cut } = await close();
 */
export function listen(
  app: Hono<HonoEnv>,
  port: number,
  host: string,
  graceMs = 10_000,
): Promise<{ port: number; inFlight: () => number; close: () => Promise<CloseReport> }> {
  return new Promise((resolvePromise, reject) => {
    let served = 0;
    let closing = false;
    const open = new Set<ServerResponse>();
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      resolvePromise({
        port: info.port,
        inFlight: () => open.size,
        close: () =>
          new Promise<CloseReport>((r) => {
            closing = true;
            const atStop = new Set(open);
            const cut = setTimeout(() => (server as Server).closeAllConnections(), graceMs);
            server.close(() => {
              clearTimeout(cut);
              let left = 0;
              for (const res of atStop) if (!res.writableFinished) left++;
              r({ served, inFlight: atStop.size, finished: atStop.size - left, cut: left });
            });
          }),
      });
    });
    server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
      open.add(res);
      res.once('close', () => {
        open.delete(res);
        if (res.writableFinished) served++;
        // While stopping, a keep-alive connection whose last request just finished would
        // otherwise hold the stop until its idle timeout: close it as soon as it is idle.
        if (closing) setImmediate(() => (server as Server).closeIdleConnections());
      });
    });
    server.once('error', reject);
  });
}
