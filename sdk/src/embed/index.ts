// @sluice/sdk/embed: score visitors live in the browser. The script-tag build (sluice.min.js)
// is this module plus auto-init from the tag's data-* attributes (see auto.ts).
import { createEmbed } from './embed.js';
import type { Embed, EmbedOptions, EmbedResult, Traits } from './types.js';

export type { Embed, EmbedError, EmbedErrorCode, EmbedOptions, EmbedResult, FormMapping, PageEvent, RuleSetSource, Traits } from './types.js';
export { createEmbed } from './embed.js';
export { uuid } from './uuid.js';

/**
 * The page's one embed, on the global object so that every copy of this module on the page
 * (the script tag and an npm bundle, say) finds it: two would count every page view twice.
 */
const page$ = globalThis as { __sluice?: Embed };
type Call = ['track' | 'identify' | 'consent' | 'page', unknown[]];
/** Calls made before the embed started (e.g. by the page's scripts before DOMContentLoaded). */
const early: Call[] = [];

/**
 * Starts the embed, once per page: when one is already running (started by the script tag
 * or an earlier `init`), its callbacks are added to that one and it is returned, so that
 * nothing is counted twice. Calls to `track`, `identify`, `consent` and `page` made before
 * are replayed in order.
 *
 * @throws {EmbedError} code `options` when an option is missing or wrong (a secret key, for
 * one), or when the running embed has another key or rule set.
 * @example
 * import { init, track } from '@sluice/sdk/embed';
 * init({ endpoint: 'https://sluice.example.com', key: 'pk_live_...', ruleSet: 'fit-engagement-decay',
 *        pageEvents: [{ match: '/pricing', type: 'pricing_view' }] });
 * document.addEventListener('sluice:stage', (e) => console.log(e.detail.outcome.stage));
 * track('video_play', { id: 'intro' });
 */
export function init(o: EmbedOptions): Embed {
  let e = page$.__sluice;
  if (e) e.on(o);
  else {
    e = page$.__sluice = createEmbed(o);
    for (const [m, a] of early.splice(0)) (e[m] as (...x: unknown[]) => void)(...a);
  }
  return e;
}

const call = (...c: Call): void => {
  const e = page$.__sluice;
  if (e) (e[c[0]] as (...x: unknown[]) => void)(...c[1]);
  // Bounded: a page that never starts the embed must not grow this for ever.
  else if (early.length < 100) early.push(c);
};

/**
 * Records a custom event (queued until the embed starts).
 * @example track('calculator_used', { seats: 40 });
 */
export const track = (type: string, props?: Record<string, unknown>): void => call('track', [type, props]);

/**
 * Scores this visitor as a lead id; traits (with an optional `account` object) merge into the lead used for live scoring.
 * With an identity token from your backend (docs/sdk.md#identity-tokens) the runtime links the visitor to the lead too.
 * @example identify('ada@acme.io', { seniority: 'vp', department: 'revops', account: { industry: 'software', employees: 800 } }, tokenFromYourBackend);
 */
export const identify = (leadId: string, traits?: Traits, token?: string): void => call('identify', [leadId, traits, token]);

/**
 * Gives or withdraws consent (with `requireConsent: true` nothing is stored or sent before `consent(true)`).
 * @example cookieBanner.onAccept(() => consent(true));
 */
export const consent = (granted: boolean): void => call('consent', [granted]);

/**
 * Sends queued events now.
 * @example await flush();
 */
export const flush = (): Promise<void> => page$.__sluice?.flush() ?? Promise.resolve();

/**
 * Records a page view (single-page apps call it after a route change).
 * @example router.afterEach(() => page());
 */
export const page = (): void => call('page', []);

/**
 * The latest result, or null.
 * @example result()?.outcome.stage;
 */
export const result = (): EmbedResult | null => page$.__sluice?.result() ?? null;

/**
 * Unsent events, how many were dropped because the queue was full, the visitor id; null
 * before the embed starts.
 * @example stats()?.queued;
 */
export const stats = (): ReturnType<Embed['stats']> | null => page$.__sluice?.stats() ?? null;
