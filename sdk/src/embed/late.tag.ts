// The script tag's on-demand engine parts (sdk/scripts/browser-modules.mjs swaps this in for
// late.ts): a rule set with a set node needs sluice-set.min.js, loaded from beside the tag
// (same origin, so the CSP that allows the tag allows it; the tag's nonce is passed on).
import type { RuleSet } from '@sluice/schemas';

// Read while the tag runs: currentScript is null afterwards.
const tag = globalThis.document?.currentScript as HTMLScriptElement | null | undefined;
let p: Promise<unknown> | undefined;

/** Resolves once the parts `rs` needs are loaded; undefined when it needs none or they are. */
export function late(rs: RuleSet): Promise<unknown> | undefined {
  if ('__sluiceSet' in globalThis || !rs.nodes?.some?.((n) => n?.kind === 'set')) return;
  return (p ??= new Promise((ok, fail) => {
    const s = document.createElement('script');
    s.src = new URL('sluice-set.min.js', tag?.src || location.href).href;
    s.nonce = tag?.nonce ?? '';
    s.onload = ok;
    s.onerror = () => fail(Error(`set nodes need ${s.src}, which did not load`));
    document.head.append(s);
  }));
}
