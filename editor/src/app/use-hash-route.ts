import { useEffect, useRef } from 'react';

/** The flow id a hash names (`#/flow/<id>`), or null for the start page. */
export function idFromHash(hash: string): string | null {
  const m = /^#\/flow\/([a-z0-9][a-z0-9-]{0,63})$/.exec(hash);
  return m?.[1] ?? null;
}

/**
 * Follows the URL's hash after the page has loaded: a link to `#/flow/<id>`, a hand-edited
 * address or Back opens that flow; `#/` shows the start page. (The app itself moves with
 * replaceState, which fires no hashchange.)
 *
 * @example
 * useHashRoute(open?.flow.id ?? null, openId, () => setOpen(null));
 */
export function useHashRoute(current: string | null, open: (id: string) => void, home: () => void): void {
  const latest = useRef({ current, open, home });
  latest.current = { current, open, home };
  useEffect(() => {
    const onHash = () => {
      const id = idFromHash(location.hash);
      const l = latest.current;
      if (id === l.current) return;
      if (id) l.open(id);
      else l.home();
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
}
