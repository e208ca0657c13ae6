// The Simulate panel's state: the last run (its report, the rule set and flow it ran on), the
// comparison with a published version, progress while the worker works. An edit to the flow
// re-runs both on the data set the worker already holds.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ComparisonReport, Flow, RuleSet, SimulationReport } from '@sluice/schemas';
import { startFields } from '@sluice/sdk';
import { api } from '../api/client.js';
import { useActions, useEditor, useEditorStore } from '../store/provider.js';
import type { Progress } from './client.js';
import { simulationView } from './overlay.js';
import type { DataSource, DataSummary } from './protocol.js';
import { useSimulator } from './use-simulator.js';

/** Leads kept per edge, node and outcome for the lists (and moved leads per stage pair). */
export const SAMPLE = 50;

export interface SimRun {
  source: DataSource;
  now: string;
  report: SimulationReport;
  ruleSet: RuleSet;
  flow: Flow;
  data: DataSummary;
  ms: { load: number; run: number };
}

export interface CompareRun {
  version: number;
  before: RuleSet;
  after: RuleSet;
  report: ComparisonReport;
}

export function useSimulation() {
  const store = useEditorStore();
  const actions = useActions();
  const ruleSet = useEditor((s) => s.ruleSet);
  const sim = useSimulator();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [run, setRun] = useState<SimRun | null>(null);
  const [comparison, setComparison] = useState<CompareRun | null>(null);
  // Each request gets a number; an answer to an older one is dropped.
  const seq = useRef(0);

  const simulate = useCallback(async (source: DataSource, now: string, rs: RuleSet): Promise<SimRun | null> => {
    const mine = ++seq.current;
    setError(null);
    setProgress({ type: 'progress', job: 0, phase: 'loading', done: 0, total: null });
    const flow = store.getState().history.present;
    const r = await sim.simulate(source, rs, now, SAMPLE, (p) => mine === seq.current && setProgress(p));
    if (mine !== seq.current) return null;
    setProgress(null);
    if (r.status === 'failed') setError(r.message);
    if (r.status !== 'done') return null;
    const next: SimRun = { source, now, report: r.report, ruleSet: rs, flow, data: r.data, ms: r.ms };
    setRun(next);
    const current = store.getState();
    actions.setSimulation({ ...simulationView(flow, r.report), stale: current.ruleSet !== rs });
    return next;
  }, [actions, sim, store]);

  const compare = useCallback(async (base: SimRun, version: number, cached?: RuleSet): Promise<void> => {
    const mine = ++seq.current;
    setError(null);
    let before = cached;
    try {
      before ??= await api.version(base.ruleSet.id, version);
    } catch (e) {
      if (mine === seq.current) setError(`Published version ${version} could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (mine !== seq.current) return;
    setProgress({ type: 'progress', job: 0, phase: 'comparing', done: 0, total: base.data.rows });
    const r = await sim.compare(base.source, before, base.ruleSet, base.now, SAMPLE, (p) => mine === seq.current && setProgress(p));
    if (mine !== seq.current) return;
    setProgress(null);
    if (r.status === 'failed') setError(r.message);
    if (r.status === 'done') setComparison({ version, before, after: base.ruleSet, report: r.report });
  }, [sim]);

  // An edit: the counts on the canvas are marked stale and both runs are made again.
  const last = useRef({ run, comparison });
  last.current = { run, comparison };
  useEffect(() => {
    const { run: prev, comparison: cmp } = last.current;
    if (!prev || ruleSet === prev.ruleSet) return;
    const view = store.getState().simulation;
    if (view && !view.stale) actions.setSimulation({ ...view, stale: true });
    // A flow with errors has no rule set: the counts stay, marked stale, until it compiles.
    if (!ruleSet) return;
    // A CSV is read with the start node's field types: changed fields read it again, else it is reused.
    const source = prev.source.kind === 'upload' && prev.source.format === 'csv' ? { ...prev.source, fields: startFields(ruleSet) } : prev.source;
    void simulate(source, prev.now, ruleSet).then((next) => {
      if (next && cmp) void compare(next, cmp.version, cmp.before);
    });
  }, [ruleSet, actions, compare, simulate, store]);

  const cancel = useCallback(() => {
    sim.cancel();
    seq.current++;
    setProgress(null);
    const view = store.getState().simulation;
    if (view?.stale) actions.setSimulation(view);
  }, [actions, sim, store]);

  const clear = useCallback(() => {
    seq.current++;
    setRun(null);
    setComparison(null);
    actions.setSimulation(null);
  }, [actions]);

  return { progress, error, run, comparison, simulate, compare, cancel, clear, sim, setComparison };
}
