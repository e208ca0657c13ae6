import { useEffect, useState } from 'react';
import { EditorScreen } from './LazyEditorScreen.js';
import { Home } from './Home.js';
import { openById, type Opened } from './open.js';
import { useHashRoute } from './use-hash-route.js';

function idFromHash(): string | null {
  const m = /^#\/flow\/([a-z0-9][a-z0-9-]{0,63})$/.exec(location.hash);
  return m?.[1] ?? null;
}

/** Start page or editor; the open flow's id is in the URL (#/flow/<id>) so a reload comes back. */
export function App() {
  const [open, setOpen] = useState<(Opened & { n: number }) | null>(null);
  const [loading, setLoading] = useState(() => idFromHash() !== null);
  const show = (o: Opened) => {
    history.replaceState(null, '', `#/flow/${o.flow.id}`);
    setOpen((prev) => ({ ...o, n: (prev?.n ?? 0) + 1 }));
  };
  const openId = (id: string) => {
    setLoading(true);
    void openById(id, localStorage).then((o) => {
      setLoading(false);
      if (o) show(o);
    });
  };
  useEffect(() => {
    const id = idFromHash();
    if (id) openId(id);
  }, []);
  useHashRoute(open?.flow.id ?? null, openId, () => setOpen(null));
  if (loading) return <p className="pad muted">Opening…</p>;
  if (!open) return <Home onOpen={show} onOpenId={openId} />;
  return (
    <EditorScreen
      key={open.n}
      flow={open.flow}
      meta={open.meta}
      saved={open.saved}
      onOpen={show}
      onHome={() => {
        history.replaceState(null, '', '#/');
        setOpen(null);
      }}
    />
  );
}
