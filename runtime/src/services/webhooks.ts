import type { Store, WebhookDelivery } from '../store/store.js';
import { DestinationPolicy } from './webhook-destination.js';
import { postWebhook } from './webhook-post.js';
import { signPayload } from './webhook-signature.js';

export interface DispatcherOptions {
  secret: string;
  clock?: () => number;
  /** Attempts before a delivery is marked failed (kept and listed, never dropped). */
  maxAttempts?: number;
  /** Backoff: baseDelayMs × 2^(attempt-1), capped at maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Bounds one attempt, from connecting to the receiver's status line. */
  timeoutMs?: number;
  /** Deliveries in flight at once, in all. */
  concurrency?: number;
  /** Deliveries in flight at once to one host: a slow receiver holds at most this many slots. */
  perHost?: number;
  /** Which addresses may be reached (default: public addresses only). */
  policy?: DestinationPolicy;
  /** false: kick() does nothing (tests drive runOnce() themselves). */
  background?: boolean;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

/** The most due deliveries read at once while looking past a slow host's backlog. */
const MAX_WINDOW = 1 << 16;

/** What the deliveries list says about an attempt without an answer (details go to the log). */
const NO_RESPONSE = 'no response (connection failed or timed out)';

/**
 * Delivers queued webhooks in the background (never in a request's path) with
 * exponential backoff; deliveries that keep failing stay in the store as `failed`.
 * Deliveries run side by side, at most `concurrency` in all and `perHost` per host, so a
 * receiver that hangs delays only its own deliveries.
 *
 * @example
 * const d = new WebhookDispatcher(store, { secret });
 * d.start(1000); // poll; stage changes also call d.kick()
 */
export class WebhookDispatcher {
  private readonly o: Required<Omit<DispatcherOptions, 'log'>> & Pick<DispatcherOptions, 'log'>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;
  /** Wakes a drain that is waiting on slow deliveries: new ones were queued. */
  private wake: (() => void) | null = null;

  constructor(private readonly store: Store, o: DispatcherOptions) {
    this.o = {
      clock: Date.now,
      maxAttempts: 8,
      baseDelayMs: 1000,
      maxDelayMs: 15 * 60_000,
      timeoutMs: 10_000,
      concurrency: 16,
      perHost: 2,
      policy: new DestinationPolicy(),
      background: true,
      ...o,
    };
  }

  /** Delivers everything due now; returns how many deliveries were attempted. */
  runOnce(): Promise<number> {
    if (this.running) {
      this.again = true;
      this.wake?.();
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.runOnce();
      }
    });
    return this.running;
  }

  /** Schedules a run soon, outside the caller's request. */
  kick(): void {
    if (!this.o.background) return;
    setImmediate(() => void this.runOnce().catch((e: unknown) => this.o.log?.('error', 'webhook dispatch failed', { error: String(e) })));
  }

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async drain(): Promise<number> {
    let n = 0;
    const inFlight = new Map<number, Promise<void>>();
    const perHost = new Map<string, number>();
    for (;;) {
      this.again = false;
      // Look past deliveries in flight or waiting on a busy host, further while slots are free
      // and the window was full: a backlog for one slow host must not hide the others.
      for (let window = this.o.concurrency * 8; inFlight.size < this.o.concurrency; window *= 4) {
        const limit = inFlight.size + window;
        const due = await this.store.dueDeliveries(this.o.clock(), limit);
        for (const d of due) {
          if (inFlight.size >= this.o.concurrency) break;
          const host = hostOf(d.url);
          if (inFlight.has(d.id) || (perHost.get(host) ?? 0) >= this.o.perHost) continue;
          perHost.set(host, (perHost.get(host) ?? 0) + 1);
          inFlight.set(d.id, this.deliver(d).finally(() => {
            inFlight.delete(d.id);
            perHost.set(host, (perHost.get(host) ?? 1) - 1);
          }));
          n++;
        }
        if (due.length < limit || window >= MAX_WINDOW) break;
      }
      if (inFlight.size === 0) return n;
      if (this.again) continue; // queued while we were reading the store
      const woken = new Promise<void>((r) => (this.wake = r));
      await Promise.race([...inFlight.values(), woken]);
      this.wake = null;
    }
  }

  private async deliver(d: WebhookDelivery): Promise<void> {
    const r = await postWebhook(d.url, {
      'content-type': 'application/json',
      'user-agent': 'sluice-webhooks',
      'x-sluice-signature': signPayload(this.o.secret, d.payload, this.o.clock()),
      'x-sluice-delivery': String(d.id),
    }, d.payload, { policy: this.o.policy, timeoutMs: this.o.timeoutMs });
    if (r.kind === 'answered' && r.status >= 200 && r.status < 300) {
      await this.store.markDelivered(d.id, this.o.clock(), r.status);
      return;
    }
    // The list shows a category, never the network's own words: "ECONNREFUSED" against
    // "timed out" against an answer would tell which hosts and ports exist (a port scanner).
    const status = r.kind === 'answered' ? r.status : null;
    const error = r.kind === 'answered' ? `HTTP ${r.status}` : r.kind === 'refused' ? `destination refused: ${r.reason}` : NO_RESPONSE;
    const attempts = d.attempts + 1;
    const failed = attempts >= this.o.maxAttempts;
    const delay = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempts - 1));
    await this.store.markAttempt(d.id, { attempts, nextAttemptAt: this.o.clock() + delay, error, status, failed });
    this.o.log?.(failed ? 'error' : 'warn', failed ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry', {
      delivery: d.id, url: d.url, attempts, error: r.kind === 'no_response' ? r.detail : error,
    });
  }
}

/** The host a delivery goes to (`perHost` counts by it); a bad URL is its own bucket. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
