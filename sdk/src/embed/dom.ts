import type { Embed, EmbedOptions, Traits } from './types.js';

/** Puts a form value under its field key: `title` / `lead.title` → lead, `account.x` → account. */
function put(t: Traits, key: string, v: unknown): void {
  const [a, b] = key.split('.');
  if (b && a === 'account') (t.account ??= {})[b] = v;
  else t[b && a === 'lead' ? b : key] = v;
}

/**
 * Wires the page to the embed: clicks on `[data-sluice-event]`, form submits
 * (`data-sluice-event` on the form or a mapping), sending what is queued when the page is
 * hidden or left (`hide`) and when the browser comes back online (`flushNow`). Returns a
 * function that removes every listener.
 */
export function listen(s: Embed, o: EmbedOptions, flushNow: () => void, hide: () => void): () => void {
  const offs: (() => void)[] = [];
  const on = (t: EventTarget, type: string, fn: (e: Event) => void): void => {
    // Capture: runs even when the page stops propagation, and before a form navigates away.
    t.addEventListener(type, fn, true);
    offs.push(() => t.removeEventListener(type, fn, true));
  };
  on(document, 'click', (e) => {
    const el = (e.target as Element | null)?.closest?.('[data-sluice-event]');
    if (el && el.tagName !== 'FORM') s.track(el.getAttribute('data-sluice-event')!, { url: location.pathname, id: el.id || undefined });
  });
  on(document, 'submit', (e) => {
    const form = e.target as HTMLFormElement;
    const m = o.forms?.find((x) => form.matches(x.selector));
    const type = form.getAttribute('data-sluice-event') ?? m?.type;
    if (!type) return;
    const t: Traits = {};
    for (const el of form.elements as unknown as HTMLInputElement[]) {
      const key = el.getAttribute('data-sluice-field') ?? m?.fields?.[el.name];
      if (!key) continue;
      const v = el.type === 'checkbox' ? el.checked : el.type === 'number' && el.value !== '' ? Number(el.value) : el.value;
      if (v !== '' && (el.type !== 'radio' || el.checked)) put(t, key, v);
    }
    const idKey = form.getAttribute('data-sluice-identify') ?? m?.identify;
    const leadId = idKey ? t[idKey] : undefined;
    // Field values stay in the browser once they identify the visitor (they are the lead's).
    s.track(type, { url: location.pathname, form: form.id || undefined, ...(leadId ? {} : { fields: t }) });
    // After the event, so that one stage change covers both (identify is still sent first).
    if (leadId) s.identify(String(leadId), t);
  });
  on(document, 'visibilitychange', () => document.hidden && hide());
  on(window, 'pagehide', hide);
  on(window, 'online', flushNow);
  return () => offs.forEach((f) => f());
}
