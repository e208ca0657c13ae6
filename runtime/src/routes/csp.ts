// The editor holds the secret key while it runs: a script injected into it could publish rule
// sets (and, through webhooks, send lead data anywhere). The policy allows scripts only from the
// runtime's own origin (no inline script, no eval), workers from it (Monaco's), and no framing
// unless the operator names who may frame it (SLUICE_FRAME_ANCESTORS), so it cannot be
// clickjacked. Styles may be inline: Monaco and React Flow set element styles at run time.

/** A CSP source expression: a scheme, a host (with optional scheme, wildcard, port), or a keyword. */
const SOURCE = /^(?:'self'|'none'|[a-z][a-z0-9+.-]*:|(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\*\.)?[a-z0-9.-]+(?::(?:\d{1,5}|\*))?)$/i;

/**
 * Reads SLUICE_FRAME_ANCESTORS (space- or comma-separated sources; default `'none'`).
 *
 * @throws Error naming the entry when one is not a source expression (a `;` would start a new directive).
 * @example
 * frameAncestors('https://admin.example.com'); // ["https://admin.example.com"]
 */
export function frameAncestors(v: string | undefined): string[] {
  const list = (v ?? '').split(/[\s,]+/).filter(Boolean).map((s) => (s === 'none' || s === 'self' ? `'${s}'` : s));
  for (const s of list) if (!SOURCE.test(s)) throw new Error(`SLUICE_FRAME_ANCESTORS: "${s}" is not a CSP source (e.g. 'self', https://admin.example.com)`);
  return list.length ? list : ["'none'"];
}

/** The headers every page and file of the editor is served with. */
export function pageSecurityHeaders(ancestors: readonly string[] = ["'none'"]): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${ancestors.join(' ')}`,
  ].join('; ');
  const headers: Record<string, string> = { 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' };
  // For browsers without frame-ancestors; X-Frame-Options cannot express a list.
  if (ancestors.length === 1 && ancestors[0] === "'none'") headers['x-frame-options'] = 'DENY';
  return headers;
}
