import { useEffect, useMemo, useState } from 'react';
import type { CasesFile, EvaluationInput } from '@sluice/schemas';
import { api } from '../api/client.js';
import { evaluate, stringifyDocument } from '../engine.js';
import { useActions, useEditor } from '../store/provider.js';
import { bundledCases } from '../template-cases.js';
import { addSavedCase, caseFromRun, casesFile, freshCaseName, nowText, savedCases } from './cases.js';
import { Breakdown } from './Breakdown.js';
import { RunAll } from './RunAll.js';
import { download } from '../app/files.js';

const SAMPLE: EvaluationInput = { lead: { title: 'VP Marketing' }, events: [] };

/** Runs a lead through the flow in the browser (same engine as the runtime) and shows why. */
export function TestPanel() {
  const id = useEditor((s) => s.history.present.id);
  const ruleSet = useEditor((s) => s.ruleSet);
  const result = useEditor((s) => s.result);
  const request = useEditor((s) => s.testRequest);
  const actions = useActions();
  const [saved, setSaved] = useState(() => savedCases(localStorage, id));
  // The runtime's cases file (the rules folder's, in git) wins over the bundled template's.
  const [remote, setRemote] = useState<CasesFile | null>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.cases(id).then((f) => live && setRemote(f), () => {});
    return () => {
      live = false;
    };
  }, [id]);
  const base = remote ?? bundledCases(id);
  const cases = useMemo(() => casesFile(id, base, saved).cases, [id, base, saved]);
  const first = cases[0];
  const [input, setInput] = useState(() => JSON.stringify(first?.input ?? SAMPLE, null, 2));
  const [now, setNow] = useState(() => (first ? nowText(first.now) : new Date().toISOString().slice(0, 19) + 'Z'));
  const [error, setError] = useState<string | null>(null);
  const [caseName, setCaseName] = useState('');

  const run = (text = input, at = now) => {
    if (!ruleSet) return setError('The flow does not compile yet: see Problems.');
    let parsed: EvaluationInput;
    try {
      parsed = JSON.parse(text) as EvaluationInput;
    } catch (e) {
      return setError(`The lead is not valid JSON: ${e instanceof Error ? e.message : ''}`);
    }
    try {
      actions.setResult(evaluate(ruleSet, parsed, { now: at, trace: true }));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  // A lead opened from a simulation: shown, run, its path lit on the canvas. A generated line's
  // id and now are not part of the input; its now is the run's.
  useEffect(() => {
    if (!request) return;
    const { id: _id, now: own, ...rest } = (request.input ?? {}) as Record<string, unknown>;
    const text = JSON.stringify(rest, null, 2);
    const at = typeof own === 'string' ? own : request.now;
    setInput(text);
    setNow(at);
    setCaseName(request.title);
    run(text, at);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request]);
  // A change to the flow re-runs the lead shown, so its outcome follows the edit.
  useEffect(() => {
    if (result && ruleSet) run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ruleSet]);

  return (
    <div className="test-panel pad" data-testid="test-panel">
      <Row2>
        <select aria-label="Case" defaultValue="" onChange={(e) => {
          const c = cases[Number(e.target.value)];
          if (!c) return;
          setInput(JSON.stringify(c.input, null, 2));
          setNow(nowText(c.now));
          // A fresh name: saving the edited lead must not silently replace the case it came from.
          setCaseName(freshCaseName(c.name, cases.map((x) => x.name)));
        }}>
          <option value="" disabled>{cases.length > 0 ? `Pick one of ${cases.length} cases…` : 'No cases yet'}</option>
          {cases.map((c, i) => <option key={`${c.name}-${i}`} value={i}>{c.name}</option>)}
        </select>
        <button type="button" className="primary" onClick={() => run()} data-testid="run-test">Run</button>
      </Row2>
      <RunAll id={id} cases={cases} onOpen={(c, r) => {
        setInput(JSON.stringify(c.input, null, 2));
        setNow(nowText(c.now));
        setCaseName(freshCaseName(c.name, cases.map((x) => x.name)));
        actions.setResult(r.result);
      }} />
      <label className="small">Lead, events and account (JSON)</label>
      <textarea aria-label="Input JSON" className="code" rows={9} value={input} onChange={(e) => setInput(e.target.value)} spellCheck={false} />
      <Row2>
        <label className="small">now</label>
        <input aria-label="Now" value={now} onChange={(e) => setNow(e.target.value)} />
      </Row2>
      {error && <p className="error">{error}</p>}
      {result && <Breakdown result={result} />}
      {result && (
        <Row2>
          <input aria-label="Case name" placeholder="Case name" value={caseName} onChange={(e) => setCaseName(e.target.value)} />
          <button type="button" disabled={!caseName.trim()} onClick={() => {
            const name = caseName.trim();
            // Overwriting a case (a template's reference case too) is the user's explicit choice.
            if (cases.some((c) => c.name === name) && !window.confirm(`A case named "${name}" exists. Replace it with this lead and result?`)) {
              return setNote(`Not saved: "${name}" is kept as it was. Give the new case another name.`);
            }
            let lead: EvaluationInput;
            try {
              lead = JSON.parse(input) as EvaluationInput;
            } catch (e) {
              return setNote(`Not saved: the lead is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
            }
            // Kept in this browser at once; written to the runtime's cases file when it answers.
            const next = addSavedCase(localStorage, id, caseFromRun(name, lead, now, result));
            setSaved(next);
            api.saveCases(id, casesFile(id, base, next)).then(
              () => setNote(`Saved to ${id}.cases.json on the runtime`),
              (e: unknown) => setNote(`Kept in this browser; the runtime did not take it (${e instanceof Error ? e.message : String(e)})`),
            );
          }}>Save as case</button>
          <button type="button" title="Download the cases file" onClick={() => download(`${id}.cases.json`, stringifyDocument(casesFile(id, base, saved)))}>Export cases</button>
        </Row2>
      )}
      {note && <p className="muted small" data-testid="cases-note">{note}</p>}
    </div>
  );
}

function Row2(props: { children: React.ReactNode }) {
  return <div className="row2">{props.children}</div>;
}
