import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { ReactFlowProvider, useReactFlow, useStoreApi } from '@xyflow/react';
import type { Flow } from '@sluice/schemas';
import { ApiError, api } from '../api/client.js';
import { Canvas } from '../canvas/Canvas.js';
import { createCommands } from '../canvas/commands.js';
import { Palette } from '../canvas/Palette.js';
import { measuredSizes } from '../canvas/add-node.js';
import { revealBox } from '../canvas/show-node.js';
import { useReadableView } from '../canvas/use-readable-view.js';
import { stringifyDocument } from '../engine.js';
import { errorMessages } from '../errors.js';
import type { FlowMeta } from '../store/editor-store.js';
import { EditorProvider, useEditorStore } from '../store/provider.js';
import { validate, worded } from '../validation.js';
import { VersionProvider, type VersionNav } from '../versions/context.js';
import { download, pickFile } from './files.js';
import { useKeyboard, usePersistence, useValidation } from './hooks.js';
import { readFlowFile } from './flow-file.js';
import { SidePanel, type Tab } from './SidePanel.js';
import { TopBar } from './TopBar.js';

// The banner of a version or a comparison (with its restore) loads when one is shown.
const VersionBanner = lazy(() => import('../versions/VersionBanner.js').then((m) => ({ default: m.VersionBanner })));

export interface OpenFlow {
  flow: Flow;
  meta: FlowMeta;
  saved: Flow | null;
}

export function EditorScreen(props: OpenFlow & { onHome: () => void; onOpen: (o: OpenFlow) => void; nav?: VersionNav | null; notice?: string }) {
  return (
    <EditorProvider flow={props.flow} meta={props.meta} saved={props.saved}>
      <VersionProvider nav={props.nav ?? null}>
        <ReactFlowProvider>
          <EditorLayout onHome={props.onHome} onOpen={props.onOpen} compared={props.nav?.route.vs ?? null} notice={props.notice} versionView={props.nav ? props.nav.route.version !== null || props.nav.route.vs !== null : false} />
        </ReactFlowProvider>
      </VersionProvider>
    </EditorProvider>
  );
}

function EditorLayout({ onHome, onOpen, compared, notice, versionView }: { onHome: () => void; onOpen: (o: OpenFlow) => void; compared: number | 'draft' | null; notice: string | undefined; versionView: boolean }) {
  const store = useEditorStore();
  const rf = useReactFlow();
  const xy = useStoreApi();
  const commands = useMemo(() => createCommands(store, localStorage, { sizes: () => measuredSizes(rf.getNodes()), reveal: (box) => revealBox(rf, box, xy.getState()) }), [store, rf, xy]);
  const readable = useReadableView();
  const [tab, setTab] = useState<Tab>('inspect');
  const [toast, setToast] = useState<{ text: string; bad?: boolean } | null>(notice ? { text: notice } : null);
  // A comparison lists its differences in the Versions tab.
  useEffect(() => {
    if (compared !== null) setTab('versions');
  }, [compared]);
  const [busy, setBusy] = useState(false);
  const onLayout = useCallback(() => {
    const sizes = new Map(rf.getNodes().map((n) => [n.id, { width: n.measured?.width ?? 240, height: n.measured?.height ?? 110 }]));
    commands.layout(sizes);
    requestAnimationFrame(() => readable(200));
  }, [commands, rf, readable]);
  const onFit = useCallback(() => void rf.fitView(), [rf]);
  useValidation();
  usePersistence();
  useKeyboard(commands, onLayout, onFit);

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.status === 0) setToast({ text: errorMessages.E201(), bad: true });
    else if (e instanceof ApiError && (e.status === 401 || e.status === 403)) setToast({ text: `${errorMessages.E202()} Set it on the start page.`, bad: true });
    else setToast({ text: e instanceof Error ? e.message : String(e), bad: true });
  };
  const save = async () => {
    const flow = store.getState().history.present;
    setBusy(true);
    try {
      await api.saveDraft(flow.id, flow);
      store.getState().actions.markSaved(flow);
      setToast({ text: 'Draft saved' });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const publish = async (message: string) => {
    const s = store.getState();
    const flow = s.history.present;
    const { issues } = validate(flow);
    if (issues.length > 0) {
      s.actions.setIssues(issues, null);
      setTab('problems');
      return setToast({ text: errorMessages.E203(), bad: true });
    }
    setBusy(true);
    try {
      const author = localStorage.getItem('sluice.author') ?? 'editor';
      const r = await api.publish(flow.id, { message, author, flow });
      s.actions.markSaved(flow, { publishedVersion: r.version });
      setToast({ text: `Published version ${r.version}` });
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0) {
        s.actions.setIssues(worded(flow, e.details.map((d) => ({ code: 'compile', path: d.path, message: d.message, ...(d.nodeId ? { nodeId: d.nodeId } : {}) }))), null);
        setTab('problems');
        setToast({ text: `${errorMessages.E203()} ${e.message}`, bad: true });
      } else fail(e);
    } finally {
      setBusy(false);
    }
  };
  const importFile = async () => {
    const text = await pickFile();
    if (text === null) return;
    const flow = readFlowFile(text);
    if (!flow) return setToast({ text: errorMessages.E204(), bad: true });
    onOpen({ flow, meta: { source: 'file' }, saved: null });
  };
  const exportFile = () => {
    const flow = store.getState().history.present;
    download(`${flow.id}.flow.json`, stringifyDocument(flow));
  };

  return (
    <div className="editor">
      <TopBar onHome={onHome} onSave={() => void save()} onPublish={(m) => void publish(m)} onImport={() => void importFile()} onExport={exportFile} onLayout={onLayout} busy={busy} />
      {versionView && <Suspense fallback={<div className="version-banner" />}><VersionBanner /></Suspense>}
      <main className="workspace">
        <Palette />
        <Canvas />
        <SidePanel tab={tab} setTab={setTab} />
      </main>
      {toast && (
        <div className={`toast ${toast.bad ? 'bad' : ''}`} role="status" data-testid="toast" onClick={() => setToast(null)}>
          {toast.text}
        </div>
      )}
    </div>
  );
}
