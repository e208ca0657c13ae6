import { useEffect, useMemo, useRef, useState } from 'react';
import { openVersion } from '../versions/load.js';
import type { VersionNav } from '../versions/context.js';
import { flowRoute, formatRoute, parseRoute, sameDocument, type FlowRoute, type Route } from '../versions/route.js';
import { EditorScreen } from './LazyEditorScreen.js';
import { Home } from './Home.js';
import { openById, type Opened } from './open.js';

/** Goes to a route as a new entry of the browser's history (hashchange then shows it). */
function navigate(r: Route): void {
  const h = formatRoute(r);
  if (location.hash !== h) location.hash = h;
}

/**
 * Start page or editor. The URL's hash names what is shown (versions/route.ts): the draft of
 * a rule set, a published version, a comparison. A reload comes back to it, and Back and
 * Forward move between them.
 */
export function App() {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  const [open, setOpen] = useState<(Opened & { n: number; route: FlowRoute; notice?: string }) | null>(null);
  const [failed, setFailed] = useState<{ route: Route; message: string } | null>(null);
  const seq = useRef(0);
  const openRef = useRef(open);
  openRef.current = open;
  // A word for the screen opened next (after a restore, the draft says what happened).
  const notice = useRef<string | undefined>(undefined);

  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // A route naming another document than the one shown: read it (the comparison alone
  // changes without reopening, so the test panel keeps its lead).
  useEffect(() => {
    if (route.kind === 'home') return setOpen(null);
    const cur = openRef.current;
    if (cur && sameDocument(cur.route, route)) return;
    let live = true;
    setFailed(null);
    const load = route.version === null ? openById(route.id, localStorage) : openVersion(route.id, route.version, localStorage);
    load.then(
      (o) => {
        if (!live) return;
        if (!o) {
          // Neither the runtime nor this browser has it: the start page, without a history entry.
          history.replaceState(null, '', '#/');
          return setRoute({ kind: 'home' });
        }
        setOpen({ ...o, n: ++seq.current, route, ...(notice.current ? { notice: notice.current } : {}) });
        notice.current = undefined;
      },
      (e: unknown) => live && setFailed({ route, message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [route]);

  // A flow opened from a template or a file: shown as it is, its id in the URL.
  const show = (o: Opened) => {
    const r = flowRoute(o.flow.id);
    setOpen({ ...o, n: ++seq.current, route: r });
    if (location.hash !== formatRoute(r)) history.pushState(null, '', formatRoute(r));
    setRoute(r);
  };
  const nav = useMemo<VersionNav | null>(
    () => {
      if (route.kind !== 'flow') return null;
      const r = route;
      return { route: r, navigate, openDraft: (text: string) => { notice.current = text; navigate(flowRoute(r.id)); } };
    },
    [route],
  );

  if (route.kind === 'home' || !nav) return <Home onOpen={show} onOpenId={(id) => navigate(flowRoute(id))} />;
  if (failed && failed.route === route) {
    return (
      <div className="pad">
        <p className="error" data-testid="open-failed">{route.version === null ? route.id : `Version ${route.version} of ${route.id}`} could not be opened: {failed.message}</p>
        <p><a href={formatRoute(flowRoute(route.id))}>The draft</a> · <a href="#/">All rule sets</a></p>
      </div>
    );
  }
  if (!open || !sameDocument(open.route, route)) return <p className="pad muted">Opening…</p>;
  return (
    <EditorScreen
      key={open.n}
      flow={open.flow}
      meta={open.meta}
      saved={open.saved}
      nav={nav}
      {...(open.notice ? { notice: open.notice } : {})}
      onOpen={show}
      onHome={() => navigate({ kind: 'home' })}
    />
  );
}
