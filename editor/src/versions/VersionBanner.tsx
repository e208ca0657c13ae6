import { stringifyDocument } from '../engine.js';
import { download } from '../app/files.js';
import { useEditor } from '../store/provider.js';
import { isNewer, shownSide, useVersionView } from './context.js';
import { flowRoute, type Side } from './route.js';
import { useRestore } from './use-restore.js';
import { useVersionList } from './use-versions.js';
import './versions.css';

const sideName = (s: Side) => (s === 'draft' ? 'the draft' : `version ${s}`);
const short = (s: Side) => (s === 'draft' ? 'draft' : `v${s}`);

/**
 * Above the canvas when a published version is shown (read only) or two sides are compared:
 * what is shown, what it is compared with, a legend, and the way back to the draft.
 */
export function VersionBanner() {
  const { nav, compare, marks } = useVersionView();
  const flow = useEditor((s) => s.history.present);
  const layoutNote = useEditor((s) => s.meta.layoutNote);
  const version = nav?.route.version ?? null;
  // Only a banner that shows asks for the list.
  const list = useVersionList(nav && (version !== null || nav.route.vs !== null) ? nav.route.id : undefined);
  const restore = useRestore(flow, version ?? 0, (notice) => nav?.openDraft(notice));
  if (!nav || (version === null && nav.route.vs === null)) return null;
  const { id, vs } = nav.route;
  const shown = shownSide(nav.route);
  const options: Side[] = [...(version !== null ? (['draft'] as Side[]) : []), ...list.versions.map((v) => v.version).filter((v) => v !== version)];
  const d = marks?.diff.nodes;
  return (
    <div className={`version-banner ${version !== null ? 'read-only' : ''}`} data-testid="version-banner" role="region" aria-label="Version">
      {version !== null ? (
        <>
          <b data-testid="read-only">Version {version} — read only{list.live === version ? <span className="live-badge">live</span> : null}</b>
          {layoutNote && <span className="muted layout-note" data-testid="layout-note">{layoutNote}</span>}
        </>
      ) : (
        <b>Draft</b>
      )}
      <label>
        Compare with{' '}
        <select aria-label="Compare with" value={vs ?? ''} data-testid="compare-with" onChange={(e) => nav.navigate(flowRoute(id, version, e.target.value === '' ? null : e.target.value === 'draft' ? 'draft' : Number(e.target.value)))}>
          <option value="">nothing</option>
          {options.map((s) => <option key={s} value={s}>{s === 'draft' ? 'the draft' : `v${s}${s === list.live ? ' (live)' : ''}`}</option>)}
        </select>
      </label>
      {compare && !compare.flow && !compare.error && <span className="muted">Loading {sideName(compare.side)}…</span>}
      {compare?.error && <span className="error">{sideName(compare.side)} could not be read: {compare.error}</span>}
      {marks && d && (
        <span className="diff-legend" data-testid="diff-legend">
          <span>{short(vs !== null && isNewer(shown, vs) ? vs : shown)} → {short(vs !== null && isNewer(shown, vs) ? shown : vs ?? shown)}:</span>
          {marks.diff.same ? <span className="muted">No differences in rules</span> : (
            <>
              <span className="diff-key added">{d.added.length} added</span>
              <span className="diff-key removed">{d.removed.length} removed</span>
              <span className="diff-key changed">{d.changed.length} changed</span>
              {marks.diff.fields.length > 0 && <span className="diff-key">{marks.diff.fields.length} setting{marks.diff.fields.length === 1 ? '' : 's'}</span>}
            </>
          )}
        </span>
      )}
      <span className="spacer" />
      {restore.error && <span className="error">{restore.error}</span>}
      {version !== null && (
        <button type="button" className="primary" disabled={restore.busy} onClick={restore.start} data-testid="restore">Restore as draft</button>
      )}
      <button type="button" onClick={() => nav.navigate(flowRoute(id))} data-testid="back-to-draft">{version !== null ? 'Back to draft' : 'Stop comparing'}</button>
      {restore.asking && (
        <div className="modal-backdrop" onClick={restore.cancel}>
          <div className="modal restore-ask" role="dialog" aria-label="Replace the draft?" onClick={(e) => e.stopPropagation()} data-testid="restore-ask">
            <h3>Replace the draft with version {version}?</h3>
            <ul>{restore.asking.risks.map((r) => <li key={r}>{r}</li>)}</ul>
            <p>Those changes are lost when the draft is replaced. Download the draft first to keep a copy.</p>
            <div className="row">
              <button type="button" onClick={() => download(`${id}.draft.flow.json`, stringifyDocument(restore.asking!.draft))}>Download the draft</button>
              <span className="spacer" />
              <button type="button" onClick={restore.cancel}>Cancel</button>
              <button type="button" className="primary danger" onClick={restore.confirm} data-testid="restore-confirm">Replace the draft</button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
