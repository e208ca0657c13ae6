import { useEffect, useState } from 'react';
import type { ComparisonReport, RuleSet } from '@sluice/schemas';
import { api } from '../api/client.js';
import { heat } from './charts.js';
import { count } from './overlay.js';

export type Moved = ComparisonReport['moved'][number];

export interface CompareProps {
  ruleSetId: string;
  ruleSet: RuleSet;
  report: ComparisonReport | null;
  version: number | null;
  busy: boolean;
  onCompare: (version: number) => void;
  onOpen: (m: Moved) => void;
}

/** "Compare with published vN": the stage transition matrix and the leads that move. */
export function Compare({ ruleSetId, ruleSet, report, version, busy, onCompare, onOpen }: CompareProps) {
  const [versions, setVersions] = useState<number[] | null>(null);
  const [picked, setPicked] = useState<number | null>(version);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.versions(ruleSetId).then(
      (vs) => {
        if (!live) return;
        const ns = vs.map((v) => v.version).sort((a, b) => b - a);
        setVersions(ns);
        setPicked((p) => p ?? ns[0] ?? null);
      },
      (e: unknown) => live && (setVersions([]), setNote(`The runtime's versions could not be read: ${e instanceof Error ? e.message : String(e)}`)),
    );
    return () => {
      live = false;
    };
  }, [ruleSetId, version]);
  return (
    <div className="compare" data-testid="sim-compare">
      <div className="row2">
        <select aria-label="Published version" value={picked ?? ''} onChange={(e) => setPicked(Number(e.target.value))} disabled={!versions?.length}>
          {!versions?.length && <option value="">{versions ? 'Not published yet' : 'Loading versions…'}</option>}
          {versions?.map((v) => <option key={v} value={v}>published v{v}</option>)}
        </select>
        <button type="button" className="primary" disabled={picked === null || busy} onClick={() => picked !== null && onCompare(picked)} data-testid="sim-compare-run">
          Compare with published{picked !== null ? ` v${picked}` : ''}
        </button>
      </div>
      {versions?.length === 0 && !note && <p className="muted small">Publish a version of {ruleSetId} first: the draft is compared with what is live.</p>}
      {note && <p className="error small">{note}</p>}
      {report && version !== null && <Transition report={report} version={version} ruleSet={ruleSet} onOpen={onOpen} />}
    </div>
  );
}

function Transition({ report, version, ruleSet, onOpen }: { report: ComparisonReport; version: number; ruleSet: RuleSet; onOpen: (m: Moved) => void }) {
  const seen = new Set([...Object.keys(report.matrix), ...Object.values(report.matrix).flatMap((r) => Object.keys(r ?? {}))]);
  const stages = [...ruleSet.stages, ruleSet.rejectStage, ...seen].filter((s, i, a) => seen.has(s) && a.indexOf(s) === i);
  const cell = (f: string, t: string) => report.matrix[f]?.[t] ?? 0;
  const maxMoved = Math.max(0, ...stages.flatMap((f) => stages.filter((t) => t !== f).map((t) => cell(f, t))));
  const pairs = new Map<string, Moved[]>();
  for (const m of report.moved) pairs.set(`${m.from} → ${m.to}`, [...(pairs.get(`${m.from} → ${m.to}`) ?? []), m]);
  return (
    <>
      <p data-testid="sim-changed"><b>{count(report.changed)}</b> of {count(report.leads)} leads change stage against published v{version}.</p>
      <table className="heatmap transition" data-testid="sim-matrix">
        <thead>
          <tr><th className="corner">v{version} ↓ · draft →</th>{stages.map((s) => <th key={s} scope="col">{s}</th>)}</tr>
        </thead>
        <tbody>
          {stages.map((f) => (
            <tr key={f}>
              <th scope="row">{f}</th>
              {stages.map((t) => {
                const v = cell(f, t);
                const same = f === t;
                return (
                  <td key={t} className={same ? 'same' : v > 0 ? 'moved' : ''} style={same || v === 0 ? undefined : { background: heat(v, maxMoved) }} title={`${count(v)} leads: ${f} in v${version}, ${t} in the draft`} data-testid={`matrix-${f}-${t}`}>
                    {v > 0 ? count(v) : '·'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {[...pairs].map(([pair, ms]) => (
        <section key={pair} className="moved">
          <h4>{pair}: {count(cell(ms[0]?.from ?? '', ms[0]?.to ?? ''))} leads{ms.length < cell(ms[0]?.from ?? '', ms[0]?.to ?? '') ? ` (first ${ms.length})` : ''}</h4>
          <ul>
            {ms.map((m) => (
              <li key={m.index}>
                <span className="lead-id">{m.id ?? `#${m.index + 1}`}</span>
                <span className="small muted">
                  {m.fromNode && m.toNode && m.fromNode !== m.toNode ? `${m.fromNode} → ${m.toNode}` : ''}
                  {m.rules.length > 0 && ` ${m.rules.map((r) => `${r.label} ${r.before} → ${r.after}`).join('; ')}`}
                </span>
                <button type="button" onClick={() => onOpen(m)} data-testid={`open-moved-${m.index}`}>Both traces</button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
