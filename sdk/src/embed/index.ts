// @sluice/sdk/embed: score visitors live in the browser. The script-tag build (sluice.min.js)
// is this module plus auto-init from the tag's data-* attributes (see auto.ts).
import { createEmbed } from './embed.js';
import type { Embed, EmbedOptions, EmbedResult, Traits } from './types.js';

export type { Embed, EmbedOptions, EmbedResult, FormMapping, PageEvent, RuleSetSource, Traits } from './types.js';
export { createEmbed, uuid } from './embed.js';

let current: Embed | undefined;

/**
 * Starts the embed and makes it the one the module-level functions (`track`, `identify`,
 * ...) and `window.Sluice` talk to. Calling it again replaces the previous one.
 *
 * @example
 * import { init, track } from '@sluice/sdk/embed';
 * init({ endpoint: 'https://sluice.example.com', key: 'pk_live_...', ruleSet: 'fit-engagement-decay',
 *        pageEvents: [{ match: '/pricing', type: 'pricing_view' }] });
 * document.addEventListener('sluice:stage', (e) => console.log(e.detail.outcome.stage));
 * track('video_play', { id: 'intro' });
 */
export function init(o: EmbedOptions): Embed {
  current?.destroy();
  return (current = createEmbed(o));
}

/**
 * Records a custom event on the embed started by `init` (no-op before it).
 * @example track('calculator_used', { seats: 40 });
 */
export const track = (type: string, props?: Record<string, unknown>): void => current?.track(type, props);

/**
 * Scores this visitor as a lead id; traits (with an optional `account` object) merge into the lead used for live scoring.
 * With an identity token from your backend (docs/sdk.md#identity-tokens) the runtime links the visitor to the lead too.
 * @example identify('ada@acme.io', { seniority: 'vp', department: 'revops', account: { industry: 'software', employees: 800 } }, tokenFromYourBackend);
 */
export const identify = (leadId: string, traits?: Traits, token?: string): void => current?.identify(leadId, traits, token);

/**
 * Gives or withdraws consent (with `requireConsent: true` nothing is stored or sent before `consent(true)`).
 * @example cookieBanner.onAccept(() => consent(true));
 */
export const consent = (granted: boolean): void => current?.consent(granted);

/**
 * Sends queued events now.
 * @example await flush();
 */
export const flush = (): Promise<void> => current?.flush() ?? Promise.resolve();

/**
 * Records a page view (single-page apps call it after a route change).
 * @example router.afterEach(() => page());
 */
export const page = (): void => current?.page();

/**
 * The latest result, or null.
 * @example result()?.outcome.stage;
 */
export const result = (): EmbedResult | null => current?.result() ?? null;
