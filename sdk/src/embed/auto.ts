// The script-tag build: `window.Sluice`, started from the tag's data-* attributes.
//   <script src="sluice.min.js" data-endpoint="https://sluice.example.com" data-key="pk_..."
//           data-rule-set="fit-engagement-decay" data-page-events="/pricing=pricing_view"></script>
import { consent, flush, identify, init, page, result, stats, track } from './index.js';
import { announce } from './errors.js';
import type { EmbedError, EmbedOptions, PageEvent } from './types.js';

/** `"/pricing=pricing_view, /webinar=webinar_view"` → page events. */
export function parsePageEvents(s = ''): PageEvent[] {
  const out: PageEvent[] = [];
  for (const p of s.split(',')) {
    const [match, type] = p.trim().split('=');
    if (match && type) out.push({ match, type });
  }
  return out;
}

const d = (globalThis.document?.currentScript as HTMLScriptElement | null | undefined)?.dataset;
/** The tag's options; `Sluice.init({ onChange })` on the page fills in the rest from them. */
const tag: Partial<EmbedOptions> = d
  ? {
      endpoint: d.endpoint ?? location.origin,
      key: d.key,
      ruleSet: d.ruleSet,
      pageEvents: parsePageEvents(d.pageEvents),
      requireConsent: d.requireConsent === 'true',
      timeoutMs: Number(d.timeout) || undefined,
      cookie: d.cookie,
    }
  : {};

(globalThis as { Sluice?: unknown }).Sluice = {
  init: (o: Partial<EmbedOptions>) => init({ ...tag, ...o } as EmbedOptions),
  track,
  identify,
  consent,
  flush,
  page,
  result,
  stats,
};

// A tag with data-key or data-rule-set starts on its own; without either it waits for
// Sluice.init(). After the page's own scripts, so their `sluice:stage` listeners (and an
// init with callbacks) come first; an init there makes this one add nothing.
if (d?.key || d?.ruleSet) {
  const start = (): void => {
    try {
      init(tag as EmbedOptions);
    } catch (e) {
      // Wrong attributes (a secret key, a missing data-rule-set): said on the console and as sluice:error.
      announce(e as EmbedError);
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
