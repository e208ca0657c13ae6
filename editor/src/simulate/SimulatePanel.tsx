import { useEffect, useMemo, useState } from 'react';
import { startFields } from '@sluice/sdk';
import { getKey } from '../api/client.js';
import { useActions, useEditor } from '../store/provider.js';
import { defaultNow, rememberChoice, rememberedChoice, rememberedMapping, toSource, type DataChoice } from './choice.js';
import { ColumnMap } from './ColumnMap.js';
import { Compare, type Moved } from './Compare.js';
import { DataSetPicker } from './DataSetPicker.js';
import { LeadList } from './LeadList.js';
import { pickedLeads, type CountPick } from './picks.js';
import type { LeadRow } from './protocol.js';
import { Results } from './Results.js';
import { RunBar } from './RunBar.js';
import { TracePair } from './TracePair.js';
import { useSimulation } from './use-simulation.js';

type View = 'results' | 'compare';

/** Runs a data set through the flow in a worker: counts on the canvas, charts here, compare with live. */
export function SimulatePanel() {
  const id = useEditor((s) => s.history.present.id);
  const ruleSet = useEditor((s) => s.ruleSet);
  const canvasPick = useEditor((s) => s.simPick);
  const actions = useActions();
  const s = useSimulation();
  const [choice, setChoice] = useState<DataChoice>(() => rememberedChoice(localStorage, id));
  const [now, setNow] = useState(() => defaultNow(choice, new Date()));
  const [view, setView] = useState<View>('results');
  const [pick, setPick] = useState<CountPick | null>(null);
  const [rows, setRows] = useState<LeadRow[] | null>(null);
  const [pair, setPair] = useState<{ moved: Moved; input: unknown } | null>(null);
  const [nonce, setNonce] = useState(0);
  const [note, setNote] = useState<string | null>(null);

  const changeChoice = (c: DataChoice) => {
    if (c.kind !== choice.kind) setNow(defaultNow(c, new Date()));
    // The CSV mapping chosen for this rule set before comes back with the file picker.
    setChoice(c.kind === 'upload' && choice.kind !== 'upload' ? { ...c, mapping: rememberedMapping(localStorage, id) } : c);
  };
  const fields = useMemo(() => (ruleSet ? startFields(ruleSet) : []), [ruleSet]);
  const start = () => {
    if (!ruleSet) return;
    const source = toSource(choice, { ruleSetId: id, key: getKey(), nonce, fields });
    setNote(typeof source === 'string' ? source : null);
    if (typeof source === 'string') return;
    rememberChoice(localStorage, id, choice);
    setNonce(nonce + 1);
    setPick(null);
    s.setComparison(null);
    void s.simulate(source, now, ruleSet);
  };

  // A count clicked on the canvas lists its leads here.
  useEffect(() => {
    if (canvasPick) {
      setPick({ kind: canvasPick.kind, id: canvasPick.id });
      setView('results');
    }
  }, [canvasPick]);
  const picked = useMemo(() => (pick && s.run ? pickedLeads(pick, s.run.flow, s.run.ruleSet, s.run.report) : null), [pick, s.run]);
  useEffect(() => {
    setRows(null);
    if (!picked || !s.run) return;
    let live = true;
    s.sim.leads(s.run.source, picked.indices).then((r) => live && setRows(r), () => live && setRows([]));
    return () => {
      live = false;
    };
  }, [picked, s.run, s.sim]);

  const openMoved = async (m: Moved) => {
    if (!s.run) return;
    const [row] = await s.sim.leads(s.run.source, [m.index]);
    if (row) setPair({ moved: m, input: row.input });
  };
  const running = s.progress !== null;

  return (
    <div className="simulate-panel pad" data-testid="simulate-panel">
      <DataSetPicker choice={choice} onChange={changeChoice}
        mapping={choice.kind === 'upload' && choice.file && choice.format === 'csv' && <ColumnMap file={choice.file} fields={fields} mapping={choice.mapping} onChange={(mapping) => setChoice({ ...choice, mapping })} />} />
      <div className="row2">
        <label className="small" htmlFor="sim-now">now</label>
        <input id="sim-now" aria-label="Simulation now" value={now} onChange={(e) => setNow(e.target.value)} title="The evaluation time for leads that do not carry their own" />
        <button type="button" className="primary" onClick={start} disabled={!ruleSet || running} data-testid="sim-run">Simulate</button>
      </div>
      {!ruleSet && <p className="error small">The flow does not compile yet: see Problems.</p>}
      <RunBar progress={s.progress} onCancel={s.cancel} />
      {(note ?? s.error) && <p className="error" data-testid="sim-error">{note ?? s.error}</p>}
      {s.run && (
        <>
          <nav className="subtabs" role="tablist">
            <button type="button" role="tab" aria-selected={view === 'results'} className={view === 'results' ? 'on' : ''} onClick={() => setView('results')} data-testid="sim-tab-results">Results</button>
            <button type="button" role="tab" aria-selected={view === 'compare'} className={view === 'compare' ? 'on' : ''} onClick={() => setView('compare')} data-testid="sim-tab-compare">Compare with published</button>
            <span className="spacer" />
            <button type="button" className="link small" onClick={() => { s.clear(); setPick(null); }} title="Remove the counts from the canvas">Clear</button>
          </nav>
          {picked && view === 'results' && (
            <LeadList picked={picked} rows={rows} ruleSet={ruleSet} now={s.run.now} onClose={() => setPick(null)}
              onOpen={(r) => actions.openInTest(r.input, s.run?.now ?? now, r.id ?? `row ${r.index + 1}`)} />
          )}
          {view === 'results' && <Results run={s.run} onPick={setPick} />}
          {view === 'compare' && (
            <Compare ruleSetId={id} ruleSet={s.run.ruleSet} report={s.comparison?.report ?? null} version={s.comparison?.version ?? null} busy={running}
              onCompare={(v) => s.run && void s.compare(s.run, v)} onOpen={(m) => void openMoved(m)} />
          )}
        </>
      )}
      {pair && s.comparison && s.run && (
        <TracePair title={`${pair.moved.id ?? `Row ${pair.moved.index + 1}`}: ${pair.moved.from} → ${pair.moved.to}`} input={pair.input} now={s.run.now}
          before={{ label: `Published v${s.comparison.version}`, ruleSet: s.comparison.before }} after={{ label: 'Draft', ruleSet: s.comparison.after }}
          onClose={() => setPair(null)} onOpenInTest={() => { actions.openInTest(pair.input, s.run?.now ?? now, pair.moved.id ?? `row ${pair.moved.index + 1}`); setPair(null); }} />
      )}
    </div>
  );
}
