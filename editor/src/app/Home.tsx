import { useEffect, useState } from 'react';
import { ApiError, api, getKey, setKey, type RuleSetSummary } from '../api/client.js';
import { readDraft, unsavedDrafts } from '../persistence/drafts.js';
import { TEMPLATES, blankFlow } from '../templates.js';
import { fromTemplate, takenIds, takenNames, type Opened } from './open.js';

/** The start page: rule sets in the runtime, unsaved local drafts, templates, a blank flow. */
export function Home({ onOpen, onOpenId }: { onOpen: (o: Opened) => void; onOpenId: (id: string) => void }) {
  const [list, setList] = useState<RuleSetSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [needKey, setNeedKey] = useState(false);
  const [keyText, setKeyText] = useState(getKey() ?? '');
  const load = () => {
    api.list().then(
      (l) => { setList(l); setError(null); setNeedKey(false); },
      (e: unknown) => {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) setNeedKey(true);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };
  useEffect(load, []);
  const drafts = unsavedDrafts(localStorage);
  // A copy must never take an existing id: the templates' own (the runtime serves them as
  // rule sets), the runtime's and this browser's drafts. Until the runtime's list has come
  // (or failed), it is unknown which ids are free, so new flows wait for it.
  const taken = takenIds(TEMPLATES, list ?? [], drafts);
  const names = takenNames(TEMPLATES, list ?? [], drafts.map((id) => readDraft(localStorage, id)?.flow.name ?? ''));
  const blank = () => {
    const flow = blankFlow(fromTemplate(blankFlow('new-flow'), taken).flow.id);
    let name = flow.name;
    for (let i = 2; names.has(name); i++) name = `${flow.name} ${i}`;
    return { ...flow, name };
  };
  const waiting = list === null && !error;
  return (
    <div className="home">
      <header className="topbar"><span className="brand">Sluice</span><span className="muted">lead qualification flows</span></header>
      <div className="home-cols">
        <section>
          <h2>Rule sets</h2>
          {needKey && (
            <form className="key-form" onSubmit={(e) => { e.preventDefault(); setKey(keyText.trim()); load(); }}>
              <p>
                The runtime asks for a secret key. <code>pnpm start</code> (<code>sluice serve</code>) prints a development secret key when it
                starts and keeps it in <code>dev-keys.json</code> in its data folder (<code>.data/</code> by default); a key set with{' '}
                <code>SLUICE_SECRET_KEY</code> works too. This tab remembers it until it is closed.
              </p>
              <input aria-label="Secret key" type="password" value={keyText} onChange={(e) => setKeyText(e.target.value)} placeholder="sk_…" />
              <button type="submit" className="primary">Use key</button>
            </form>
          )}
          {error && !needKey && <p className="error">The runtime is not reachable ({error}). Templates and local drafts still work.</p>}
          {list === null && !error && <p className="muted">Loading…</p>}
          <ul className="cards" data-testid="ruleset-list">
            {(list ?? []).map((r) => (
              <li key={r.id}>
                <button type="button" onClick={() => onOpenId(r.id)} data-testid={`ruleset-${r.id}`}>
                  <b>{r.name}</b> <small className="muted">{r.id}</small>
                  <span className="small">{r.published ? `published v${r.published.version}` : 'not published'}{r.versions.length > 0 ? ` · versions ${r.versions.join(', ')}` : ''}{r.hasDraft ? ' · draft' : ''}{r.source === 'examples' ? ' · example' : ''}</span>
                </button>
              </li>
            ))}
          </ul>
          {drafts.length > 0 && (
            <>
              <h3>Unsaved in this browser</h3>
              <ul className="cards">
                {drafts.map((id) => <li key={id}><button type="button" onClick={() => onOpenId(id)}>{id}</button></li>)}
              </ul>
            </>
          )}
        </section>
        <section>
          <h2>New from template</h2>
          <ul className="cards">
            {TEMPLATES.map((t) => (
              <li key={t.id}>
                <button type="button" disabled={waiting} onClick={() => onOpen(fromTemplate(t, taken, names))} data-testid={`template-${t.id}`}>
                  <b>{t.name}</b>
                  <span className="small muted">{t.description}</span>
                </button>
              </li>
            ))}
            <li>
              <button type="button" disabled={waiting} data-testid="blank-flow" onClick={() => onOpen({ flow: blank(), meta: { source: 'new' }, saved: null })}>
                <b>Blank flow</b><span className="small muted">A start node and one outcome</span>
              </button>
            </li>
          </ul>
        </section>
      </div>
    </div>
  );
}
