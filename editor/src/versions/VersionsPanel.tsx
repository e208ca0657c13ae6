import type { ReactNode } from 'react';
import type { NodeRef } from '../engine.js';
import { useActions, useEditor } from '../store/provider.js';
import { isNewer, shownSide, useVersionView } from './context.js';
import { describeChange } from './marks.js';
import { flowRoute, type Side } from './route.js';
import { useVersionList, type VersionRow } from './use-versions.js';
import './versions.css';

const short = (s: Side) => (s === 'draft' ? 'the draft' : `v${s}`);

/** The Versions tab: the draft and every published version, newest first; the differences of a comparison. */
export function VersionsPanel() {
  const { nav, marks, compare } = useVersionView();
  const source = useEditor((s) => s.meta.source);
  // The draft's content hash (the editor compiles it as you edit), to say which version it equals.
  const draftHash = useEditor((s) => (s.meta.readOnlyVersion === undefined ? s.ruleSet?.hash : undefined));
  const list = useVersionList(nav?.route.id);
  const actions = useActions();
  if (!nav) return <p className="pad muted">Versions appear here for rule sets in the runtime.</p>;
  const { id, version, vs } = nav.route;
  const shown = shownSide(nav.route);
  const ghosts = new Set(marks?.ghostNodes.map((n) => n.id));
  // A ghost (a node of the other side only) cannot be selected.
  const pick = (node: string) => (ghosts.has(node) ? null : () => actions.select({ nodes: [node], edges: [] }));
  const go = (v: number | null, other: Side | null = null) => nav.navigate(flowRoute(id, v, other));
  const row = (side: Side, title: ReactNode, extra?: ReactNode) => (
    <li key={side} className={shown === side ? 'shown' : ''} data-testid={`version-${side}`}>
      <span className="grow">{title}{extra}</span>
      {shown === side ? <span className="small muted">shown</span> : (
        <>
          <button type="button" onClick={() => go(side === 'draft' ? null : side)}>Open</button>
          <button type="button" onClick={() => go(version, side)} disabled={vs === side} title={`Compare ${short(shown)} with ${short(side)}`}>Compare</button>
        </>
      )}
    </li>
  );
  return (
    <div className="pad versions-panel" data-testid="versions-panel">
      {compare && marks && vs !== null && (
        <section data-testid="diff-list">
          <h3>Changes from {short(isNewer(shown, vs) ? vs : shown)} to {short(isNewer(shown, vs) ? shown : vs)}</h3>
          {marks.diff.same && <p className="muted">The rules are the same; only the layout may differ.</p>}
          <ul className="diff-list">
            {marks.diff.fields.map((f) => (
              <li key={f.path} className="changed">Setting <b>{f.path.slice(1)}</b> changed</li>
            ))}
            {marks.diff.nodes.added.map((n) => <NodeLine key={n.id} n={n} status="added" onPick={pick(n.id)} />)}
            {marks.diff.nodes.removed.map((n) => <NodeLine key={n.id} n={n} status="removed" onPick={pick(n.id)} />)}
            {marks.diff.nodes.changed.map((n) => (
              <NodeLine key={n.id} n={n} status="changed" onPick={pick(n.id)}>
                <ul>{n.changes.map((c, i) => <li key={i}>{describeChange(c)}</li>)}</ul>
              </NodeLine>
            ))}
          </ul>
        </section>
      )}
      <h3>Versions of {id}</h3>
      {list.error && <p className="error">The versions could not be read: {list.error}</p>}
      <ul className="versions-list">
        {source === 'runtime' || version !== null ? row('draft', <b>Draft</b>, <span className="small muted" data-testid="draft-state"> — {draftState(draftHash, list.versions)}</span>) : null}
        {list.versions.map((v) => row(v.version, <><b>v{v.version}</b> <span className="small muted">{v.name} · {v.hash.slice(7, 15)}{published(v)}</span></>, list.live === v.version ? <span className="live-badge">live</span> : null))}
      </ul>
      {!list.loading && list.versions.length === 0 && !list.error && <p className="muted">Not published yet: each publish adds a version here.</p>}
    </div>
  );
}

/** " · published 2 Dec 2026, 05:40 UTC by ana", or nothing when no time was recorded. */
function published(v: VersionRow): string {
  if (!v.publishedAt) return '';
  const when = new Date(v.publishedAt);
  if (Number.isNaN(when.getTime())) return '';
  const text = when.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return ` · published ${text} UTC${v.author ? ` by ${v.author}` : ''}`;
}

function draftState(hash: string | undefined, versions: readonly { version: number; hash: string }[]): string {
  if (hash === undefined) return 'what you edit';
  const same = versions.find((v) => v.hash === hash);
  return same ? `the same rules as v${same.version}` : 'changes not published yet';
}

function NodeLine({ n, status, onPick, children }: { n: NodeRef; status: 'added' | 'removed' | 'changed'; onPick: (() => void) | null; children?: ReactNode }) {
  return (
    <li className={status} data-testid={`diff-${n.id}`}>
      {onPick ? <button type="button" className="link" onClick={onPick}>{n.label ?? n.id}</button> : <span>{n.label ?? n.id}</span>} <span className="small muted">{n.kind} · {status}</span>
      {children}
    </li>
  );
}

/** In the inspector: what changed in the selected node, while two sides are compared. */
export function NodeChanges() {
  const { marks, nav } = useVersionView();
  const selected = useEditor((s) => (s.selection.nodes.length === 1 ? s.selection.nodes[0] : undefined));
  if (!marks || !nav || nav.route.vs === null || !selected) return null;
  const status = marks.nodes.get(selected);
  if (!status) return null;
  const changes = marks.changes.get(selected) ?? [];
  return (
    <div className="node-changes" data-testid="node-changes">
      <b>{status === 'changed' ? 'Changed' : status === 'added' ? 'Added' : 'Removed'}</b> between {short(nav.route.vs)} and {short(shownSide(nav.route))}
      {changes.length > 0 && <ul>{changes.map((c, i) => <li key={i}>{describeChange(c)}</li>)}</ul>}
    </div>
  );
}
