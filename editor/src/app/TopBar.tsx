import { useState } from 'react';
import { useActions, useEditor } from '../store/provider.js';
import { selectDirty } from '../store/editor-store.js';

export interface TopBarProps {
  onHome: () => void;
  onSave: () => void;
  onPublish: (message: string) => void;
  onImport: () => void;
  onExport: () => void;
  onLayout: () => void;
  busy: boolean;
}

export function TopBar(p: TopBarProps) {
  const name = useEditor((s) => s.history.present.name);
  const id = useEditor((s) => s.history.present.id);
  const dirty = useEditor(selectDirty);
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const published = useEditor((s) => s.meta.publishedVersion);
  // A published version shown read only: nothing to save or publish (see VersionBanner).
  const readOnly = useEditor((s) => s.meta.readOnlyVersion !== undefined);
  const actions = useActions();
  const [publishing, setPublishing] = useState(false);
  const [message, setMessage] = useState('');
  return (
    <header className="topbar">
      <button type="button" className="brand" onClick={p.onHome} title="All rule sets">Sluice</button>
      <span className="flow-name" title={id}>{name} <small className="muted">{id}</small></span>
      <span className={`status ${dirty ? 'dirty' : ''}`} data-testid="save-status">{readOnly ? 'Read only' : dirty ? 'Unsaved changes' : 'Saved'}</span>
      <span className="muted small" data-testid="published-version">{published ? `Published v${published}` : 'Not published'}</span>
      <span className="spacer" />
      <button type="button" onClick={() => actions.undo()} disabled={!canUndo} title="Undo (Ctrl+Z)" data-testid="undo">↶</button>
      <button type="button" onClick={() => actions.redo()} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)" data-testid="redo">↷</button>
      <button type="button" onClick={p.onLayout} disabled={readOnly} title="Auto-layout (Shift+L)">Layout</button>
      <button type="button" onClick={p.onImport}>Import</button>
      <button type="button" onClick={p.onExport}>Export</button>
      <button type="button" onClick={p.onSave} disabled={p.busy || readOnly} data-testid="save-draft">Save draft</button>
      {publishing ? (
        <form className="publish-form" onSubmit={(e) => { e.preventDefault(); p.onPublish(message); setPublishing(false); setMessage(''); }}>
          <input aria-label="Publish message" autoFocus placeholder="What changed?" value={message} onChange={(e) => setMessage(e.target.value)} />
          <button type="submit" className="primary" disabled={!message.trim()} data-testid="publish-confirm">Publish</button>
          <button type="button" onClick={() => setPublishing(false)}>✕</button>
        </form>
      ) : (
        <button type="button" className="primary" onClick={() => setPublishing(true)} disabled={p.busy || readOnly} data-testid="publish">Publish…</button>
      )}
    </header>
  );
}
