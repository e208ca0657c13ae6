import { useEffect, useState } from 'react';
import { InspectorPanel } from '../inspector/InspectorPanel.js';
import { TestPanel } from '../test-panel/TestPanel.js';
import { FunnelPanel } from '../funnel/FunnelPanel.js';
import { useEditor } from '../store/provider.js';
import { JsonView } from './JsonView.js';
import { ProblemsList } from './ProblemsList.js';

export type Tab = 'inspect' | 'test' | 'problems' | 'json' | 'funnel';

/** The right-hand panel: inspector, test panel, problems, raw JSON, the funnel. */
export function SidePanel({ tab, setTab }: { tab: Tab; setTab: (t: Tab) => void }) {
  const count = useEditor((s) => s.issues.length);
  const selected = useEditor((s) => s.selection.nodes.length);
  const [wide, setWide] = useState(false);
  // Selecting a node shows its inspector.
  useEffect(() => {
    if (selected > 0) setTab('inspect');
  }, [selected, setTab]);
  const tabs: [Tab, string][] = [['inspect', 'Inspector'], ['test', 'Test'], ['problems', `Problems${count > 0 ? ` (${count})` : ''}`], ['json', 'JSON'], ['funnel', 'Funnel']];
  return (
    <aside className={`side ${wide || tab === 'json' || tab === 'funnel' ? 'wide' : ''}`}>
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
        <div hidden={tab !== 'inspect'}><InspectorPanel /></div>
        <div hidden={tab !== 'test'}><TestPanel /></div>
        <div hidden={tab !== 'problems'}><ProblemsList onOpenNode={() => setTab('inspect')} /></div>
        {tab === 'json' && <JsonView />}
        {tab === 'funnel' && <FunnelPanel />}
      </div>
    </aside>
  );
}
