import { lazy, Suspense, useEffect, useState } from 'react';
import { InspectorPanel } from '../inspector/InspectorPanel.js';
import { TestPanel } from '../test-panel/TestPanel.js';
import { useEditor } from '../store/provider.js';
import { ReadOnlyFence } from '../versions/ReadOnlyFence.js';
import { useVersionView } from '../versions/context.js';
import { JsonView } from './JsonView.js';
import { ProblemsList } from './ProblemsList.js';

// The Simulate panel (charts, the worker) loads when first opened, off the first screen.
const SimulatePanel = lazy(() => import('../simulate/SimulatePanel.js').then((m) => ({ default: m.SimulatePanel })));
// The Funnel tab asks the runtime; it too loads when first opened.
// The Versions tab and a node's changes in a comparison load when first needed too.
const VersionsPanel = lazy(() => import('../versions/VersionsPanel.js').then((m) => ({ default: m.VersionsPanel })));
const NodeChanges = lazy(() => import('../versions/VersionsPanel.js').then((m) => ({ default: m.NodeChanges })));
const FunnelPanel = lazy(() => import('../funnel/FunnelPanel.js').then((m) => ({ default: m.FunnelPanel })));

export type Tab = 'inspect' | 'test' | 'simulate' | 'problems' | 'json' | 'funnel' | 'versions';

/** The right-hand panel: inspector, test panel, simulation, problems, raw JSON, the funnel. */
export function SidePanel({ tab, setTab }: { tab: Tab; setTab: (t: Tab) => void }) {
  const count = useEditor((s) => s.issues.length);
  const selected = useEditor((s) => s.selection.nodes.length);
  const testRequest = useEditor((s) => s.testRequest);
  const simPick = useEditor((s) => s.simPick);
  const compared = useVersionView().compare !== null;
  const [wide, setWide] = useState(false);
  const [simulateOpened, setSimulateOpened] = useState(false);
  // Selecting a node shows its inspector.
  useEffect(() => {
    if (selected > 0) setTab('inspect');
  }, [selected, setTab]);
  // A lead opened from a simulation shows in the test panel; a count clicked on the canvas, its leads.
  useEffect(() => {
    if (testRequest) setTab('test');
  }, [testRequest, setTab]);
  useEffect(() => {
    if (simPick) setTab('simulate');
  }, [simPick, setTab]);
  useEffect(() => {
    if (tab === 'simulate') setSimulateOpened(true);
  }, [tab]);
  const tabs: [Tab, string][] = [['inspect', 'Inspector'], ['test', 'Test'], ['simulate', 'Simulate'], ['problems', `Problems${count > 0 ? ` (${count})` : ''}`], ['json', 'JSON'], ['funnel', 'Funnel'], ['versions', 'Versions']];
  return (
    <aside className={`side ${wide || tab === 'test' || tab === 'json' || tab === 'simulate' || tab === 'funnel' ? 'wide' : ''}`}>
      <nav className="tabs" role="tablist">
        {tabs.map(([t, label]) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={`${tab === t ? 'on' : ''} ${t === 'problems' && count > 0 ? 'bad' : ''}`} onClick={() => setTab(t)} data-testid={`tab-${t}`}>
            {label}
          </button>
        ))}
        <button type="button" className="widen" title="Wider panel" onClick={() => setWide(!wide)}>{wide ? '›' : '‹'}</button>
      </nav>
      <div className="side-body">
        {/* Kept mounted while hidden: the test panel keeps its lead and re-runs on edits. */}
        <div hidden={tab !== 'inspect'}>{compared && <Suspense fallback={null}><NodeChanges /></Suspense>}<ReadOnlyFence><InspectorPanel /></ReadOnlyFence></div>
        <div hidden={tab !== 'test'}><TestPanel /></div>
        {/* Mounted from its first opening on: the simulation and its counts outlive a tab switch. */}
        {(simulateOpened || tab === 'simulate') && (
          <div hidden={tab !== 'simulate'}>
            <Suspense fallback={<p className="pad muted">Loading…</p>}><SimulatePanel /></Suspense>
          </div>
        )}
        <div hidden={tab !== 'problems'}><ProblemsList onOpenNode={() => setTab('inspect')} /></div>
        {tab === 'json' && <JsonView />}
        {tab === 'versions' && <Suspense fallback={<p className="pad muted">Loading…</p>}><VersionsPanel /></Suspense>}
        {tab === 'funnel' && <Suspense fallback={<p className="pad muted">Loading…</p>}><FunnelPanel /></Suspense>}
      </div>
    </aside>
  );
}
