import type { Event, RuleSet } from '@sluice/schemas';
import { evaluate } from '../core/evaluate.js';
import { createKv } from './kv.js';
import { listen } from './dom.js';
import type { Embed, EmbedOptions, EmbedResult, RuleSetSource, Traits } from './types.js';

type Queued = Event & { id: string; visitorId: string };
type Lead = { id?: string; lead?: Record<string, unknown>; account?: Record<string, unknown> };
/** A failed request: its HTTP status (0 = network), Retry-After in seconds, and whether retrying can help. */
type Failure = { status: number; retryAfter?: number; drop?: boolean };

/** A v4 UUID; crypto.randomUUID needs a secure context (https), getRandomValues does not. */
export function uuid(): string {
  const c = globalThis.crypto as Partial<Crypto> | undefined;
  if (c?.randomUUID) return c.randomUUID();
  const rnd = (): number => crypto.getRandomValues(new Uint8Array(1))[0]!;
  // x → random hex digit; y → 8, 9, a or b (the variant bits); the 4 is the version.
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (ch) => ((rnd() & 15 & (ch === 'x' ? 15 : 3)) | (ch === 'x' ? 0 : 8)).toString(16));
}

/**
 * Starts the browser embed: fetches the public rule set (cached, ETag), tracks page views,
 * forms, marked clicks and custom events, scores each one in the browser, and sends the
 * events to the runtime in batches through a bounded offline queue.
 *
 * @example
 * import { init } from '@sluice/sdk/embed';
 * const sluice = init({
 *   endpoint: 'https://sluice.example.com',
 *   key: 'pk_live_...',
 *   ruleSet: 'fit-engagement-decay',
 *   pageEvents: [{ match: '/pricing', type: 'pricing_view' }],
 *   onChange: (r) => { if (r.outcome.stage === 'SQL') showBooker(); },
 * });
 * sluice.track('video_play', { id: 'intro' });
 */
export function createEmbed(o: EmbedOptions): Embed {
  const f = o.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const now = o.now ?? Date.now;
  const onError = o.onError ?? (() => {});
  const base = o.endpoint.replace(/\/+$/, '');
  const auth = { authorization: `Bearer ${o.key}` };
  let ls: Storage | null = null;
  // The consent decision is the one thing kept without asking ('1' given, '0' withdrawn).
  let c: string | null = null;
  try {
    ls = o.storage === undefined ? localStorage : o.storage;
    c = ls && ls.getItem('sluice:c');
  } catch {
    // Storage disabled (sandboxed iframe, privacy settings): memory only.
  }
  const nav = globalThis.navigator as (Navigator & { globalPrivacyControl?: boolean }) | undefined;
  const dnt = o.respectDnt !== false && (nav?.doNotTrack === '1' || nav?.globalPrivacyControl === true);
  const kv = createKv(ls);
  let allowed = c === '1' || (c !== '0' && !o.requireConsent && !dnt);

  let rules: RuleSet | null = null;
  let source: RuleSetSource = 'cache';
  let last: EmbedResult | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let busy = false;
  let attempt = 0;
  let started = false;
  let loading = false;
  let off = () => {};
  const beaconed = new Set<string>();

  const vid = (): string => kv.get('v', '') || kv.up('v', '', uuid);
  const rsKey = `r:${o.ruleSet}`;

  function score(): void {
    if (!rules) return;
    const l = kv.get<Lead>('l', {});
    let r: EmbedResult;
    try {
      r = { ...evaluate(rules, { lead: l.lead ?? {}, account: l.account, events: kv.get<Event[]>('h', []) }, { now: now() }), source };
    } catch (e) {
      onError(e);
      return;
    }
    const prev = last;
    last = r;
    if (!prev || prev.outcome.stage !== r.outcome.stage || prev.grade !== r.grade) {
      o.onChange?.(r, prev);
      globalThis.document?.dispatchEvent(new CustomEvent('sluice:stage', { detail: r }));
    }
  }

  function use(rs: RuleSet | undefined, s: RuleSetSource): void {
    if (!rs) return;
    rules = rs;
    source = s;
    score();
  }

  function fetchRules(): void {
    if (loading) return;
    loading = true;
    const c = kv.get<{ e?: string; r?: RuleSet }>(rsKey, {});
    if (!rules) use(c.r, 'cache');
    const t = setTimeout(() => loading && use(c.r, 'stale-cache'), o.timeoutMs ?? 2000);
    f(`${base}/v1/rulesets/${o.ruleSet}/public`, { headers: c.e ? { ...auth, 'if-none-match': c.e } : auth })
      .then(async (res) => {
        if (res.status === 304 && c.r) return use(c.r, 'network');
        if (!res.ok) throw { status: res.status };
        const r = (await res.json()) as RuleSet;
        kv.set(rsKey, { e: res.headers.get('etag') ?? undefined, r });
        use(r, 'network');
      })
      .catch((e: unknown) => {
        use(c.r, 'stale-cache');
        onError(e);
      })
      .then(() => {
        loading = false;
        clearTimeout(t);
      });
  }

  async function post(path: string, body: unknown): Promise<void> {
    const text = JSON.stringify(body);
    let res: Response;
    try {
      // keepalive lets the request outlive the page; browsers cap its body at 64 KB.
      res = await f(base + path, { method: 'POST', keepalive: text.length < 6e4, headers: { ...auth, 'content-type': 'application/json' }, body: text });
    } catch {
      throw { status: 0 } satisfies Failure;
    }
    if (res.ok) return;
    const s = res.status;
    throw { status: s, retryAfter: +res.headers.get('retry-after')! || 0, drop: s < 500 && s !== 408 && s !== 429 } satisfies Failure;
  }

  function schedule(ms = o.flushMs ?? 1000): void {
    if (timer === undefined && allowed) timer = setTimeout(() => ((timer = undefined), void flush()), ms);
  }

  async function flush(): Promise<void> {
    if (busy || !allowed) return;
    busy = true;
    let batch: Queued[] = [];
    try {
      for (;;) {
        batch = [];
        // A pending link: { l: lead id, t: the backend's identity token }.
        const id = kv.get<{ l?: string; t?: string } | ''>('i', '');
        if (id) {
          if (id.t) await post('/v1/identify', { visitorId: vid(), leadId: id.l, token: id.t });
          kv.up<{ t?: string } | ''>('i', '', (v) => (v && v.t === id.t ? '' : v));
        }
        const dropped = kv.get('d', 0);
        if (dropped) {
          // Reported to the runtime as an event, so operators see that a queue overflowed.
          kv.set('d', 0);
          enqueue({ id: uuid(), type: 'sluice_queue_dropped', at: new Date(now()).toISOString(), props: { count: dropped } });
        }
        batch = kv.get<Queued[]>('q', []).slice(0, 100);
        if (!batch.length) break;
        await post('/v1/events', { events: batch });
        const sent = new Set(batch.map((e) => e.id));
        kv.up<Queued[]>('q', [], (q) => q.filter((e) => !sent.has(e.id)));
        for (const id of sent) beaconed.delete(id);
      }
      attempt = 0;
      if (source !== 'network') fetchRules();
    } catch (e) {
      const x = e as Failure;
      if (x.drop) {
        // The runtime refused the request itself (4xx): retrying cannot help.
        // (When identify failed, `batch` is empty: only the identify is dropped.)
        kv.set('i', '');
        kv.up<Queued[]>('q', [], (q) => q.filter((e) => !batch.some((b) => b.id === e.id)));
      }
      const wait = Math.min(6e4, 1e3 * 2 ** attempt++) * (0.5 + Math.random() / 2);
      clearTimeout(timer);
      timer = undefined;
      schedule(Math.max(wait, (x.retryAfter ?? 0) * 1e3));
      onError(e);
    } finally {
      busy = false;
    }
  }

  /**
   * The page is being hidden or left. sendBeacon is the request browsers promise to deliver
   * after unload; it cannot send headers, so the publishable key goes in the URL (the runtime
   * takes it there on POST /v1/events only). Beaconed events stay queued, as a beacon's fate is
   * unknown: the next flush sends them again and the runtime counts each id once.
   */
  function hide(): void {
    if (!allowed) return;
    const q = kv.get<Queued[]>('q', []).filter((e) => !beaconed.has(e.id));
    // A pending identify needs the Authorization header: fetch(keepalive) sends everything.
    if (kv.get('i', '') || !nav?.sendBeacon) return void flush();
    for (let i = 0; i < q.length; i += 100) {
      const batch = q.slice(i, i + 100);
      if (!nav.sendBeacon(`${base}/v1/events?key=${encodeURIComponent(o.key)}`, JSON.stringify({ events: batch }))) return void flush();
      for (const e of batch) beaconed.add(e.id);
    }
  }

  function enqueue(e: Event & { id: string }): void {
    const max = o.maxQueue ?? 500;
    kv.up<Queued[]>('q', [], (q) => {
      q.push({ ...e, visitorId: vid() });
      if (q.length > max) kv.set('d', kv.get('d', 0) + q.length - max);
      return q.slice(-max);
    });
  }

  function track(type: string, props?: Record<string, unknown>): void {
    const e: Event & { id: string } = { id: uuid(), type, at: new Date(now()).toISOString() };
    if (props) e.props = props;
    kv.up<Event[]>('h', [], (h) => [...h, e].slice(-(o.maxHistory ?? 200)));
    enqueue(e);
    score();
    schedule();
  }

  function page(): void {
    const url = location.pathname;
    track('page_view', { url });
    for (const p of o.pageEvents ?? []) if (typeof p.match === 'string' ? url.startsWith(p.match) : p.match.test(url)) track(p.type, { url });
  }

  function identify(leadId: string, traits: Traits = {}, token?: string): void {
    const { account, ...lead } = traits;
    kv.up<Lead>('l', {}, (l) => {
      const same = l.id === leadId;
      return { id: leadId, lead: { ...(same ? l.lead : {}), ...lead }, account: account ? { ...(same ? l.account : {}), ...account } : same ? l.account : undefined };
    });
    score();
    // The runtime links the visitor only with the backend's proof (a publishable key is public).
    if (token) {
      kv.set('i', { l: leadId, t: token });
      schedule(0);
    }
  }

  function start(): void {
    if (started || !allowed) return;
    started = true;
    kv.persist(true);
    if (o.cookie) document.cookie = `${o.cookie}=${vid()};path=/;max-age=31536000;samesite=lax`;
    fetchRules();
    schedule(0);
  }

  function consent(granted: boolean): void {
    allowed = granted;
    if (granted) start();
    else {
      clearTimeout(timer);
      timer = undefined;
      started = false;
      kv.persist(false);
    }
    try {
      ls?.setItem('sluice:c', granted ? '1' : '0');
    } catch {
      // memory only
    }
  }

  const api: Embed = {
    track,
    page,
    identify,
    consent,
    flush,
    result: () => last,
    stats: () => ({ queued: kv.get<Queued[]>('q', []).length, dropped: kv.get('d', 0), visitorId: vid() }),
    destroy: () => {
      clearTimeout(timer);
      allowed = false;
      off();
    },
  };
  start();
  if (typeof document === 'object') {
    off = listen(api, o, () => void (allowed && flush()), hide);
    if (o.pageView !== false) page();
  }
  return api;
}
