import type { EmbedError, EmbedErrorCode, EmbedOptions } from './types.js';

/** A failed request: its HTTP status (0 = no answer), Retry-After in seconds, the runtime's message. */
export type Failure = { status: number; retryAfter?: number; m?: string };

/** Whether a failure may pass: no answer, a server error, a timeout or a rate limit. */
export const transient = (s: number): boolean => !s || s >= 500 || s === 408 || s === 429;

/** The runtime's own words, with the status: `unknown key (HTTP 401)`. */
export const said = (x: Failure): string => `${x.m || 'no answer'}${x.status ? ` (HTTP ${x.status})` : ''}`;

/**
 * An {@link EmbedError}: the message starts with `Sluice: ` so it can be told apart in a
 * console full of other scripts' output.
 */
export function embedError(code: EmbedErrorCode, message: string, status = 0, stopped = false): EmbedError {
  return Object.assign(new Error(`Sluice: ${message}`), { code, status, stopped });
}

/**
 * Tells the page: `sluice:error` on `document` (reachable with the script tag) and, for a
 * problem the embed stopped on (it will not try again on this page), one line on the console,
 * since a developer who never listens for errors must still see a wrong key.
 */
export function announce(e: EmbedError): void {
  if (e.stopped) console.error(e.message);
  globalThis.document?.dispatchEvent(new CustomEvent('sluice:error', { detail: e }));
}

/**
 * Checks the options of `init` and names every problem at once; refuses a secret key, which
 * would be readable by anyone who opens the page.
 *
 * @throws {EmbedError} with code `options`
 * @example
 * checkOptions({}); // Sluice: init needs endpoint, key, ruleSet (...)
 */
export function checkOptions(o: Partial<EmbedOptions> | undefined): asserts o is EmbedOptions {
  const bad = (['endpoint', 'key', 'ruleSet'] as const).filter((k) => typeof o?.[k] != 'string' || !o[k]);
  if (bad.length) throw embedError('options', `init needs ${bad.join(', ')} (on the tag: data-endpoint, data-key, data-rule-set)`, 0, true);
  if (o!.key!.startsWith('sk_')) {
    throw embedError('options', 'secret key (sk_) refused: anyone who opens the page could read and use it. Use a publishable key (pk_) and rotate this one', 0, true);
  }
}
