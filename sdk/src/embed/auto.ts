// The script-tag build: `window.Sluice`, started from the tag's data-* attributes.
//   <script src="sluice.min.js" data-endpoint="https://sluice.example.com" data-key="pk_..."
//           data-rule-set="fit-engagement-decay" data-page-events="/pricing=pricing_view"></script>
import { consent, flush, identify, init, page, result, track } from './index.js';
import type { EmbedOptions, PageEvent } from './types.js';

/** `"/pricing=pricing_view, /webinar=webinar_view"` → page events. */
export function parsePageEvents(s = ''): PageEvent[] {
  const out: PageEvent[] = [];
  for (const p of s.split(',')) {
    const [match, type] = p.trim().split('=');
    if (match && type) out.push({ match, type });
  }
  return out;
}

(globalThis as { Sluice?: unknown }).Sluice = { init, track, identify, consent, flush, page, result };

const d = (globalThis.document?.currentScript as HTMLScriptElement | null | undefined)?.dataset;
if (d?.key && d.ruleSet) {
  const o: EmbedOptions = {
    endpoint: d.endpoint ?? location.origin,
    key: d.key,
    ruleSet: d.ruleSet,
    pageEvents: parsePageEvents(d.pageEvents),
    requireConsent: d.requireConsent === 'true',
    timeoutMs: Number(d.timeout) || undefined,
    cookie: d.cookie,
  };
  // After the page's own scripts, so their `sluice:stage` listeners see the first result.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => init(o));
  else init(o);
}
