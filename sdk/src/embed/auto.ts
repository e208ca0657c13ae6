// The script-tag build: `window.Sluice`, started from the tag's data-* attributes.
//   <script src="sluice.min.js" data-endpoint="https://sluice.example.com" data-key="pk_..."
//           data-rule-set="fit-engagement-decay" data-page-events="/pricing=pricing_view"></script>
import { init } from './index.js';
import type { PageEvent } from './types.js';

export * from './index.js';

/** `"/pricing=pricing_view, /webinar=webinar_view"` → page events. */
export function parsePageEvents(s: string | undefined): PageEvent[] {
  return (s ?? '')
    .split(',')
    .map((p) => p.trim().split('='))
    .filter((p): p is [string, string] => !!p[0] && !!p[1])
    .map(([match, type]) => ({ match, type }));
}

const tag = typeof document === 'object' ? (document.currentScript as HTMLScriptElement | null) : null;
const d = tag?.dataset;
if (d?.key && d.ruleSet) {
  const o = {
    endpoint: d.endpoint ?? location.origin,
    key: d.key,
    ruleSet: d.ruleSet,
    pageEvents: parsePageEvents(d.pageEvents),
    requireConsent: d.requireConsent === 'true',
    ...(d.timeout ? { timeoutMs: +d.timeout } : {}),
    ...(d.cookie ? { cookie: d.cookie } : {}),
  };
  // After the page's own scripts, so their `sluice:stage` listeners see the first result.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => init(o));
  else init(o);
}
