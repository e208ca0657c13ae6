/**
 * An error answered by the runtime (or a request that never got an answer): the runtime's
 * machine-readable `code`, the HTTP `status` (0 when there was no response), its `details`
 * (validation issues with JSON paths and node ids, ...) and the `requestId` to find it in
 * the runtime's logs.
 *
 * @example
 * try { await client.score(req); } catch (e) {
 *   if (e instanceof SluiceError && e.code === 'validation_failed') console.log(e.details);
 * }
 */
export class SluiceError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  readonly requestId: string | undefined;
  constructor(code: string, message: string, status: number, details?: unknown, requestId?: string) {
    super(message);
    this.name = 'SluiceError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.requestId = requestId;
  }
}

/** Options of `createClient`. */
export interface ClientOptions {
  /** The runtime's base URL, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** A secret key (`sk_...`) for server use, or a publishable key for the browser routes. */
  key: string;
  /** Per-attempt timeout (default 10 000 ms). */
  timeoutMs?: number;
  /** Retries after the first attempt on network errors, timeouts, 5xx and 429 (default 2). */
  retries?: number;
  /** First backoff delay; doubles per retry, with jitter (default 200 ms). */
  backoffMs?: number;
  /** Largest delay between attempts, Retry-After included (default 30 000 ms). */
  maxBackoffMs?: number;
  /** The fetch to use (tests pass a fake; default: global fetch). */
  fetch?: typeof fetch;
  /** Waits between retries (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
  /** Random source for jitter, [0, 1) (default Math.random). */
  random?: () => number;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Raw body (NDJSON) with its content type. */
  raw?: { text: string; type: string };
  headers?: Record<string, string>;
  /** Safe to send twice (default true). Others are retried only on 429/503, which refuse before doing work. */
  idempotent?: boolean;
  /** Statuses that are answers, not errors (e.g. 304). */
  accept?: number[];
}

export type Send = (spec: RequestSpec) => Promise<Response>;

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retry-After in ms: seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(v: string | null, nowMs = Date.now()): number | undefined {
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - nowMs);
}

async function toError(res: Response): Promise<SluiceError> {
  const id = res.headers.get('x-request-id') ?? undefined;
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const e = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  return typeof e?.code === 'string'
    ? new SluiceError(e.code, typeof e.message === 'string' ? e.message : e.code, res.status, e.details, id)
    : new SluiceError(`http_${res.status}`, `HTTP ${res.status}`, res.status, undefined, id);
}

/**
 * The transport under every client method: timeout per attempt (AbortController), retries
 * with exponential backoff and full jitter on network errors, timeouts, 5xx and 429
 * (honouring Retry-After), and the runtime's error body turned into a `SluiceError`.
 */
export function createSend(o: ClientOptions): Send {
  const f = o.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const base = o.baseUrl.replace(/\/+$/, '');
  const timeoutMs = o.timeoutMs ?? 10_000;
  const retries = Math.max(0, o.retries ?? 2);
  const backoff = o.backoffMs ?? 200;
  const cap = o.maxBackoffMs ?? 30_000;
  const sleep = o.sleep ?? sleepReal;
  const random = o.random ?? Math.random;

  return async (spec) => {
    const qs = Object.entries(spec.query ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    const url = `${base}${spec.path}${qs ? `?${qs}` : ''}`;
    const headers: Record<string, string> = { authorization: `Bearer ${o.key}`, accept: 'application/json', ...spec.headers };
    let body: string | undefined;
    if (spec.raw) {
      body = spec.raw.text;
      headers['content-type'] = spec.raw.type;
    } else if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers['content-type'] = 'application/json';
    }
    const idempotent = spec.idempotent !== false;
    for (let attempt = 0; ; attempt++) {
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), timeoutMs);
      let res: Response | undefined;
      let failure: SluiceError;
      try {
        res = await f(url, { method: spec.method, headers, body, signal: ac.signal });
      } catch (e) {
        const timedOut = ac.signal.aborted;
        failure = new SluiceError(timedOut ? 'timeout' : 'network_error', timedOut ? `no answer from ${url} within ${timeoutMs} ms` : `cannot reach ${url}: ${String(e)}`, 0);
      } finally {
        clearTimeout(timer);
      }
      if (res && (res.ok || spec.accept?.includes(res.status))) return res;
      if (res) failure = await toError(res);
      const status = res?.status ?? 0;
      const retryable = idempotent ? status === 0 || status === 429 || status >= 500 : status === 429 || status === 503;
      if (!retryable || attempt >= retries) throw failure!;
      const jitter = Math.min(cap, backoff * 2 ** attempt) * random();
      const after = res ? retryAfterMs(res.headers.get('retry-after')) : undefined;
      await sleep(Math.min(cap, Math.max(jitter, after ?? 0)));
    }
  };
}
