import type { EvaluationResult } from '@sluice/schemas';

/**
 * Where the rule set behind a result came from: `network` (fetched or confirmed by the
 * runtime during this page view), `cache` (the copy in localStorage while the runtime is
 * asked in the background), `stale-cache` (the copy in localStorage because the runtime did
 * not answer in time or failed).
 */
export type RuleSetSource = 'network' | 'cache' | 'stale-cache';

/** An engine result, scored in the browser, with where its rule set came from. */
export type EmbedResult = EvaluationResult & { source: RuleSetSource };

/**
 * What went wrong, in `EmbedError.code`:
 * - `unauthorized`: the runtime refused the key (401, or 403: revoked, secret, origin not
 *   allowed). The embed stops sending on this page; events stay queued for a fixed key.
 * - `rule_set`: the rule set cannot be used (4xx: unknown id; or it does not load). Not asked
 *   for again on this page; the page is not scored.
 * - `rejected`: the runtime refused a batch of events (4xx): it is dropped, the rest go on.
 * - `identify_refused`: the runtime kept the visitor's earlier link (a publishable key may not
 *   re-link a visitor); live scoring goes back to the lead the runtime has.
 * - `network` / `unavailable`: no answer, or 5xx / 408 / 429: retried with backoff (reported
 *   once per outage).
 * - `options`: `init` was given wrong options (thrown by `init`, and reported by the tag).
 */
export type EmbedErrorCode = 'unauthorized' | 'rule_set' | 'rejected' | 'identify_refused' | 'network' | 'unavailable' | 'options';

/** A problem the embed reports to `onError`, as a `sluice:error` DOM event, and (if it stopped) on the console. */
export interface EmbedError extends Error {
  code: EmbedErrorCode;
  /** The HTTP status (0 when there was no answer or no request). */
  status: number;
  /** True when the embed stopped what failed, since trying again cannot help. */
  stopped: boolean;
}

/** Lead attributes; the nested `account` object becomes the `account` fact. */
export type Traits = Record<string, unknown> & { account?: Record<string, unknown> };

/** A page (by URL path) that also counts as an event type, e.g. the pricing page. */
export interface PageEvent {
  /** A path prefix (`'/pricing'` matches `/pricing`, `/pricing.html`, `/pricing/teams`) or a RegExp on the path. */
  match: string | RegExp;
  /** The event type sent on top of `page_view`, e.g. `pricing_view`. */
  type: string;
}

/** Tracks a form without touching its markup. */
export interface FormMapping {
  /** CSS selector of the form. */
  selector: string;
  /** Event type sent on submit, e.g. `content_download`. */
  type: string;
  /** Input name → field key (`title`, `lead.title`, `account.employees`). */
  fields?: Record<string, string>;
  /** The field key whose value is the lead id (e.g. `email`): the submit identifies the visitor. */
  identify?: string;
}

/** Options of {@link init}. Only `endpoint`, `key` and `ruleSet` are required. */
export interface EmbedOptions {
  /** The runtime's base URL, e.g. `https://sluice.example.com`. */
  endpoint: string;
  /** A publishable key (`pk_...`). Never a secret key: this ships to browsers. */
  key: string;
  /** The rule set id to score with, e.g. `fit-engagement-decay`. */
  ruleSet: string;
  /** Pages that count as events besides `page_view`. */
  pageEvents?: PageEvent[];
  /** Forms tracked by selector (forms with `data-sluice-event` are tracked anyway). */
  forms?: FormMapping[];
  /** Called with the first result and whenever the result changes: stage, grade, any score, or the rejecting gate. */
  onChange?: (result: EmbedResult, previous: EmbedResult | null) => void;
  /** Called with each problem (see {@link EmbedError}); also sent as a `sluice:error` event on `document`. */
  onError?: (error: EmbedError) => void;
  /** How long to wait for the rule set before scoring from the cached copy (default 2000 ms). */
  timeoutMs?: number;
  /** Events are sent in a batch this long after the first one (default 1000 ms). */
  flushMs?: number;
  /** Largest number of unsent events kept; the oldest are dropped and counted (default 500). */
  maxQueue?: number;
  /** Events kept for live scoring (default 200, the most recent). */
  maxHistory?: number;
  /** Store and send nothing until `consent(true)` (default false). */
  requireConsent?: boolean;
  /** Treat Do-Not-Track / Global Privacy Control as "no consent yet" (default true). */
  respectDnt?: boolean;
  /** Also write the visitor id into a first-party cookie of this name (default: no cookie). */
  cookie?: string;
  /** Send a `page_view` (and matching page events) on init (default true). */
  pageView?: boolean;
  /** For tests: the storage, fetch and clock to use (defaults: localStorage, fetch, Date.now). */
  storage?: Storage | null;
  fetch?: typeof fetch;
  now?: () => number;
}

/** A running embed: what `init` returns (and what `window.Sluice` delegates to). */
export interface Embed {
  /** Records an event, scores it at once and queues it for the runtime. */
  track(type: string, props?: Record<string, unknown>): void;
  /** Records a page view of the current URL (and the page events it matches). */
  page(): void;
  /**
   * Scores the visitor as this lead in the browser (traits merge into the lead used for live
   * scoring); with `token`, an identity token your backend minted for exactly this lead id,
   * also links the visitor to the lead at the runtime (`POST /v1/identify`). Without a token
   * the runtime is not told: anyone can type a lead id, only your backend can vouch for it.
   */
  identify(leadId: string, traits?: Traits, token?: string): void;
  /** Gives (true) or withdraws (false) consent; withdrawing deletes what was stored. */
  consent(granted: boolean): void;
  /** Sends queued events now; resolves when the attempt is over. */
  flush(): Promise<void>;
  /** The latest result, or null before a rule set is available. */
  result(): EmbedResult | null;
  /** Unsent events and how many were dropped because the queue was full. */
  stats(): { queued: number; dropped: number; visitorId: string };
  /**
   * Adds callbacks (a second `init` on a page lands here: one embed per page). A new
   * `onChange` is called at once with the current result, if there is one.
   * @throws {EmbedError} code `options` when `key` or `ruleSet` differ from the running one's.
   */
  on(callbacks: Partial<EmbedOptions>): void;
  /** Removes listeners and timers. */
  destroy(): void;
}
