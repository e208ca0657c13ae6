import type { Event, RuleSet } from '@sluice/schemas';
import { evaluate } from '../core/evaluate.js';
import { createKv } from './kv.js';
import { listen } from './dom.js';
import { announce, checkOptions, embedError, said, transient, type Failure } from './errors.js';
import { uuid } from './uuid.js';
import { late } from './late.js';
import type { Embed, EmbedError, EmbedErrorCode, EmbedOptions, EmbedResult, RuleSetSource, Traits } from './types.js';

type Queued = Event & { id: string; visitorId: string };
type Lead = { id?: string; lead?: Record<string, unknown>; account?: Record<string, unknown> };
/** What a live-score listener sees change: stage, grade, every score, the rejecting gate. */
const seen = (r: EmbedResult): string => JSON.stringify([r.outcome.stage, r.grade, r.scores, r.rejected]);

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
  checkOptions(o);
  const f = o.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const now = o.now ?? Date.now;
  const changeFns = [o.onChange];
  const errorFns = [o.onError];
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
  // Set when the runtime refused the key (nothing is sent any more on this page) or the rule
  // set (it is not asked for again): retrying what can never succeed only hides the problem.
  let halted = false;
  let noRules = false;
  let uses = 0;
  /** Reports transient failures once per outage, not once per retry. */
  let outage = false;
  const beaconed = new Set<string>();

  function report(code: EmbedErrorCode, message: string, status = 0, stopped = false): void {
    const e = embedError(code, message, status, stopped);
    for (const fn of errorFns) fn?.(e);
    announce(e);
  }

  const vid = (): string => kv.get('v', '') || kv.up('v', '', uuid);
  const rsKey = `r:${o.ruleSet}`;

  function score(): void {
    if (!rules) return;
    const l = kv.get<Lead>('l', {});
    let r: EmbedResult;
    try {
      r = { ...evaluate(rules, { lead: l.lead ?? {}, account: l.account, events: kv.get<Event[]>('h', []) }, { now: now() }), source };
    } catch (e) {
      // A rule set this bundle cannot run (RuleSetError): it would fail on every event. A cached
      // copy from an older runtime may be the only broken one: the runtime's answer comes next.
      rules = null;
      if (source === 'cache') return;
      noRules = true;
      return report('rule_set', `rule set ${o.ruleSet} cannot be scored: ${(e as Error).message}`, 0, true);
    }
    const prev = last;
    last = r;
    if (!prev || seen(prev) !== seen(r)) {
      // The page's callback is the page's code: its error is shown, never left to stop scoring or the rule-set fetch.
      for (const fn of changeFns) {
        try {
          fn?.(r, prev);
        } catch (x) {
          console.error('Sluice: onChange threw', x);
        }
      }
      globalThis.document?.dispatchEvent(new CustomEvent('sluice:stage', { detail: r }));
    }
  }

  function use(rs: RuleSet | undefined, s: RuleSetSource, ready?: boolean): void {
    if (!rs) return;
    // Engine parts this rule set needs that the script tag loads on demand: scored once they
    // are here, never without them (a failed load is reported like a rule set that cannot be).
    // A rule set that arrived meanwhile (the runtime's after the cached one) wins.
    const n = ++uses;
    const l = !ready && late(rs);
    if (l) {
      l.then(
        () => n === uses && use(rs, s, true),
        (e: Error) => noRules || ((noRules = true), report('rule_set', `rule set ${o.ruleSet} not scored: ${e.message}`, 0, true)),
      );
      return;
    }
    rules = rs;
    source = s;
    score();
  }

  function fetchRules(): void {
    if (loading || halted || noRules) return;
    loading = true;
    const c = kv.get<{ e?: string; r?: RuleSet }>(rsKey, {});
    if (!rules) use(c.r, 'cache');
    const t = setTimeout(() => loading && use(c.r, 'stale-cache'), o.timeoutMs ?? 2000);
    call(`/v1/rulesets/${encodeURIComponent(o.ruleSet)}/public`, { headers: c.e ? { ...auth, 'if-none-match': c.e } : auth })
      .then(async (res) => {
        if (res.status === 304 && c.r) return use(c.r, 'network');
        const r = (await res.json()) as RuleSet;
        kv.set(rsKey, { e: res.headers.get('etag') ?? undefined, r });
        use(r, 'network');
      })
      .catch((x: Failure) => {
        use(c.r, 'stale-cache');
        // A 4xx other than for the key (an unknown or invalid id) will not change by asking again.
        if (!failed(x) && !halted) {
          noRules = true;
          report('rule_set', `rule set ${o.ruleSet}: ${said(x)}; not scored, not asked for again`, x.status, true);
        }
      })
      .then(() => {
        loading = false;
        clearTimeout(t);
      });
  }

  /** A request with the key; resolves with a 2xx or 304, or throws a {@link Failure}. */
  async function call(path: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await f(base + path, init);
    } catch {
      throw { status: 0 } satisfies Failure;
    }
    if (res.ok || res.status === 304) return res;
    let m = '';
    try {
      m = ((await res.json()) as { error: { message: string } }).error.message;
    } catch {
      // Not the runtime's JSON (a proxy's page): the status says enough.
    }
    throw { status: res.status, retryAfter: +res.headers.get('retry-after')! || 0, m } satisfies Failure;
  }

  function post(path: string, body: unknown): Promise<Response> {
    const text = JSON.stringify(body);
    // keepalive lets the request outlive the page; browsers cap its body at 64 KB.
    return call(path, { method: 'POST', keepalive: text.length < 6e4, headers: { ...auth, 'content-type': 'application/json' }, body: text });
  }

  /**
   * What every request does with a failure it has no special meaning for: a refused key stops
   * the embed (once, loudly); no answer or a server error is reported once per outage and
   * retried. Returns whether the caller should retry.
   */
  function failed(x: Failure): boolean {
    if (x.status === 401 || x.status === 403) {
      if (!halted) report('unauthorized', `key refused: ${said(x)}; nothing more is sent from this page`, x.status, true);
      halted = true;
      return false;
    }
    if (transient(x.status) && !outage) report(x.status ? 'unavailable' : 'network', `runtime unreachable: ${said(x)}; retrying`, x.status);
    outage = true;
    return transient(x.status);
  }

  function schedule(ms = o.flushMs ?? 1000): void {
    if (timer === undefined && allowed && started && !halted) timer = setTimeout(() => ((timer = undefined), void flush()), ms);
  }

  async function flush(): Promise<void> {
    if (busy || !allowed || halted) return;
    busy = true;
    let batch: Queued[] = [];
    try {
      for (;;) {
        batch = [];
        // A pending link: { l: lead id, t: the backend's identity token }.
        const id = kv.get<{ l?: string; t?: string } | ''>('i', '');
        if (id) {
          try {
            if (id.t) await post('/v1/identify', { visitorId: vid(), leadId: id.l, token: id.t });
          } catch (e) {
            const x = e as Failure;
            if (x.status === 401 || transient(x.status)) throw x;
            // The runtime did not link the visitor (a token it refuses, a visitor linked to
            // another lead): live scoring goes back to the lead the runtime has.
            kv.set('l', kv.get('p', {}));
            kv.set('i', '');
            score();
            report('identify_refused', `identify(${id.l}) refused: ${said(x)}; scoring stays with the runtime's lead`, x.status);
          }
          kv.up<{ t?: string } | ''>('i', '', (v) => (v && v.t === id.t ? '' : v));
          // Another link came meanwhile: a refusal of that one goes back to this lead.
          if (kv.get('i', '')) kv.set('p', { id: id.l });
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
        unqueue(batch);
        for (const e of batch) beaconed.delete(e.id);
      }
      attempt = 0;
      outage = false;
      if (source !== 'network') fetchRules();
    } catch (e) {
      const x = e as Failure;
      if (failed(x)) {
        const wait = Math.min(6e4, 1e3 * 2 ** attempt++) * (0.5 + Math.random() / 2);
        clearTimeout(timer);
        timer = undefined;
        schedule(Math.max(wait, (x.retryAfter ?? 0) * 1e3));
      } else if (!halted) {
        // The runtime refused this batch itself (4xx): retrying cannot help; the rest go on.
        // (When identify failed, `batch` is empty: only the identify is dropped.)
        kv.set('i', '');
        unqueue(batch);
        report('rejected', `${batch.length} events refused, dropped: ${said(x)}`, x.status, true);
        schedule();
      }
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
    if (!allowed || halted) return;
    const q = kv.get<Queued[]>('q', []).filter((e) => !beaconed.has(e.id));
    // A pending identify needs the Authorization header: fetch(keepalive) sends everything.
    if (kv.get('i', '') || !nav?.sendBeacon) return void flush();
    for (let i = 0; i < q.length; i += 100) {
      const batch = q.slice(i, i + 100);
      if (!nav.sendBeacon(`${base}/v1/events?key=${encodeURIComponent(o.key)}`, JSON.stringify({ events: batch }))) return void flush();
      for (const e of batch) beaconed.add(e.id);
    }
  }

  /** Takes these events off the queue (sent, or refused for good), re-reading it: a tab may have added some. */
  function unqueue(batch: Queued[]): void {
    const ids = new Set(batch.map((e) => e.id));
    kv.up<Queued[]>('q', [], (q) => q.filter((e) => !ids.has(e.id)));
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
    // What live scoring goes back to if the runtime refuses to link this lead: the lead before
    // it (unless a link is still pending, whose own state before is kept).
    if (kv.get<Lead>('l', {}).id !== leadId && !kv.get('i', '')) kv.set('p', kv.get('l', {}));
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
    on(x) {
      if ((x.key && x.key !== o.key) || (x.ruleSet && x.ruleSet !== o.ruleSet)) {
        throw embedError('options', `already running with rule set ${o.ruleSet}: a second init only adds callbacks`, 0, true);
      }
      changeFns.push(x.onChange);
      errorFns.push(x.onError);
      if (last) x.onChange?.(last, null);
    },
    destroy: () => {
      clearTimeout(timer);
      allowed = false;
      off();
    },
  };
  // The page view is recorded before the first score, so that the first result (from the
  // cached rule set) already counts it; in storage when allowed, so no stored event is lost.
  if (allowed) kv.persist(true);
  if (typeof document === 'object') {
    off = listen(api, o, () => void (allowed && flush()), hide);
    if (o.pageView !== false) page();
  }
  start();
  return api;
}
