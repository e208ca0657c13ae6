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
  /**
   * How long a claimed delivery is held by this process before another may retry it (the
   * claimant died). Longer than timeoutMs, or a slow receiver gets the delivery twice.
   */
  leaseMs?: number;
  /** false: kick() does nothing (tests drive runOnce() themselves). */
  background?: boolean;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

/** How long a delivery waits when its host has `perHost` deliveries in flight already. */
const BUSY_HOST_DELAY_MS = 100;

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
      leaseMs: 60_000,
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
    const putBack = new Set<number>();
    for (;;) {
      this.again = false;
      // Claimed, not just read: with several runtimes on one database each delivery goes out
      // from one. A delivery whose host already has `perHost` in flight is put back for a
      // moment (no attempt counted), so a slow host's backlog never takes the slots of others.
      const room = this.o.concurrency - inFlight.size;
      const claimed = room > 0 ? await this.store.claimDeliveries(this.o.clock(), room, Math.max(this.o.leaseMs, this.o.timeoutMs + 1000)) : [];
      for (const d of claimed) {
        putBack.delete(d.id);
        const host = hostOf(d.url);
        if (inFlight.size >= this.o.concurrency || (perHost.get(host) ?? 0) >= this.o.perHost) {
          await this.store.markAttempt(d.id, { attempts: d.attempts, nextAttemptAt: this.o.clock() + BUSY_HOST_DELAY_MS, error: d.lastError ?? '', status: d.lastStatus, failed: false });
          putBack.add(d.id);
          continue;
        }
        perHost.set(host, (perHost.get(host) ?? 0) + 1);
        inFlight.set(d.id, this.deliver(d).finally(() => {
          inFlight.delete(d.id);
          perHost.set(host, (perHost.get(host) ?? 1) - 1);
        }));
        n++;
      }
      if (inFlight.size === 0 && claimed.length === 0) return n;
      if (this.again || claimed.length > 0) continue; // more may be due, or were queued meanwhile
      const woken = new Promise<void>((r) => (this.wake = r));
      // Deliveries put back come due again in a moment: look then, even if nothing finished.
      const waits: Promise<unknown>[] = [...inFlight.values(), woken];
      let timer: NodeJS.Timeout | undefined;
      if (putBack.size > 0) waits.push(new Promise<void>((r) => (timer = setTimeout(r, BUSY_HOST_DELAY_MS))));
      await Promise.race(waits);
      clearTimeout(timer);
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
