import { useEffect, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { Case } from '@sluice/schemas';
import { runCases, type CaseReport } from '../engine.js';
import { useActions, useEditor, useEditorStore } from '../store/provider.js';
import { partingNode, partings } from './parting.js';
import { slaZone } from './zoned-time.js';
import { ZonedTime } from './ZonedTime.js';

/** A value as a short line of JSON: `undefined` reads as "missing", not as an empty cell. */
function shown(v: unknown): string {
  if (v === undefined) return '(missing)';
  const s = JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

/**
 * "Run all": every case of the rule set through the SDK's runCases, passed or failed, with
 * expected against actual for each field that differs; failing cases mark on the canvas the
 * node where their path parted from the expected one.
 */
export function RunAll({ id, cases, onOpen }: { id: string; cases: Case[]; onOpen: (c: Case, r: CaseReport) => void }) {
  const store = useEditorStore();
  const ruleSet = useEditor((s) => s.ruleSet);
  const actions = useActions();
  const { getZoom, setCenter } = useReactFlow();
  const [reports, setReports] = useState<CaseReport[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const runAll = () => {
    if (!ruleSet) return setError('The flow does not compile yet: see Problems.');
    try {
      const r = runCases(ruleSet, { schemaVersion: 1, ruleSet: id, cases });
      setReports(r);
      setError(null);
      actions.setPartings(partings(store.getState().history.present, cases, r));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  // An edit re-runs the cases shown, so the list and the marks follow the flow.
  useEffect(() => {
    if (reports && ruleSet) runAll();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ruleSet]);
  // The marks belong to this list: gone with it.
  useEffect(() => () => actions.setPartings(null), [actions]);

  const failed = reports?.filter((r) => !r.pass).length ?? 0;
  return (
    <div className="run-all">
      <div className="row2">
        <button type="button" onClick={runAll} disabled={cases.length === 0} data-testid="run-all">Run all {cases.length} cases</button>
        {reports && (
          <button type="button" onClick={() => { setReports(null); actions.setPartings(null); }}>Clear</button>
        )}
      </div>
      {error && <p className="error">{error}</p>}
      {reports && (
        <>
          <p className={failed > 0 ? 'error' : 'ok'} data-testid="run-all-summary">
            {reports.length - failed} of {reports.length} passed{failed > 0 ? `, ${failed} failed` : ''}
          </p>
          <ul className="case-results">
            {reports.map((r, i) => {
              const at = r.pass ? null : partingNode(store.getState().history.present, cases[i]?.expect, r.result.path);
              const label = at ? (store.getState().history.present.nodes.find((n) => n.id === at)?.label ?? at) : null;
              return (
              <li key={`${r.name}-${i}`} className={r.pass ? 'pass' : 'fail'} data-testid="case-result" data-status={r.pass ? 'passed' : 'failed'}>
                <button type="button" className="link" title="Show this case and its path" onClick={() => {
                  if (cases[i]) onOpen(cases[i], r);
                  // Where it went wrong, in view: by its position, as a node never rendered
                  // (off screen) has no measured size for fitView to use.
                  const p = at ? store.getState().history.present.nodes.find((n) => n.id === at)?.position : undefined;
                  if (p) void setCenter(p.x + 120, p.y + 60, { zoom: Math.max(getZoom(), 0.8), duration: 200 });
                }}>
                  {r.pass ? '✓' : '✗'} {r.name}
                </button>
                {label && <div className="muted small" data-testid="case-parts-at">Leaves its expected path at “{label}”</div>}
                {!r.pass && (
                  <table className="diffs">
                    <thead><tr><th>field</th><th>expected</th><th>actual</th></tr></thead>
                    <tbody>
                      {r.diffs.map((d) => {
                        // A due time is read in the SLA's zone of the outcome each side names.
                        if (/(^|\.)dueAt$/.test(d.path)) {
                          const flow = store.getState().history.present;
                          const expectedAt = (cases[i]?.expect as { outcome?: { nodeId?: unknown } } | undefined)?.outcome?.nodeId;
                          const zoneOf = (nodeId: unknown) => slaZone(flow, typeof nodeId === 'string' ? nodeId : r.result.outcome.nodeId);
                          return (
                            <tr key={d.path}><td>{d.path}</td><td>{d.expected === undefined ? '(missing)' : <ZonedTime value={d.expected} zone={zoneOf(expectedAt)} />}</td><td>{d.actual === undefined ? '(missing)' : <ZonedTime value={d.actual} zone={zoneOf(r.result.outcome.nodeId)} />}</td></tr>
                          );
                        }
                        return <tr key={d.path}><td>{d.path}</td><td title={JSON.stringify(d.expected)}>{shown(d.expected)}</td><td title={JSON.stringify(d.actual)}>{shown(d.actual)}</td></tr>;
                      })}
                    </tbody>
                  </table>
                )}
              </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
