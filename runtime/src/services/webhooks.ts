import { createHmac } from 'node:crypto';
import type { Store, WebhookDelivery } from '../store/store.js';

export interface DispatcherOptions {
  secret: string;
  clock?: () => number;
  /** Attempts before a delivery is marked failed (kept and listed, never dropped). */
  maxAttempts?: number;
  /** Backoff: baseDelayMs × 2^(attempt-1), capped at maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  /**
   * How long a claimed delivery is held by this process before another may retry it (the
   * claimant died). Longer than timeoutMs, or a slow receiver gets the delivery twice.
   */
  leaseMs?: number;
  fetch?: typeof fetch;
  /** false: kick() does nothing (tests drive runOnce() themselves). */
  background?: boolean;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

/** `sha256=<hex>`: HMAC-SHA256 of the exact body bytes with the webhook secret. */
export function signPayload(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * Delivers queued webhooks in the background (never in a request's path) with
 * exponential backoff; deliveries that keep failing stay in the store as `failed`.
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

  constructor(private readonly store: Store, o: DispatcherOptions) {
    this.o = {
      clock: Date.now,
      maxAttempts: 8,
      baseDelayMs: 1000,
      maxDelayMs: 15 * 60_000,
      timeoutMs: 10_000,
      leaseMs: 60_000,
      fetch: globalThis.fetch,
      background: true,
      ...o,
    };
  }

  /** Delivers everything due now; returns how many deliveries were attempted. */
  runOnce(): Promise<number> {
    if (this.running) {
      this.again = true;
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
    for (;;) {
      // Claimed, not just read: with several runtimes on one database each delivery goes out from one.
      const due = await this.store.claimDeliveries(this.o.clock(), 50, Math.max(this.o.leaseMs, this.o.timeoutMs + 1000));
      if (due.length === 0) return n;
      await Promise.all(due.map((d) => this.deliver(d)));
      n += due.length;
    }
  }

  private async deliver(d: WebhookDelivery): Promise<void> {
    let status: number | null = null;
    let error = '';
    try {
      const res = await this.o.fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'sluice-webhooks',
          'x-sluice-signature': signPayload(this.o.secret, d.payload),
          'x-sluice-delivery': String(d.id),
        },
        body: d.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      status = res.status;
      await res.body?.cancel().catch(() => {});
      if (res.status >= 200 && res.status < 300) {
        await this.store.markDelivered(d.id, this.o.clock(), res.status);
        return;
      }
      error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).message || String(e);
    }
    const attempts = d.attempts + 1;
    const failed = attempts >= this.o.maxAttempts;
    const delay = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempts - 1));
    await this.store.markAttempt(d.id, { attempts, nextAttemptAt: this.o.clock() + delay, error, status, failed });
    this.o.log?.(failed ? 'error' : 'warn', failed ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry', {
      delivery: d.id, url: d.url, attempts, error,
    });
  }
}
