import { useEffect, useMemo, useRef, useState } from 'react';
import type { CasesFile, EvaluationInput } from '@sluice/schemas';
import { api } from '../api/client.js';
import { evaluate, stringifyDocument } from '../engine.js';
import { useActions, useEditor } from '../store/provider.js';
import { bundledCases } from '../template-cases.js';
import { addSavedCase, caseFromRun, casesFile, freshCaseName, nowText, savedCases } from './cases.js';
import { Breakdown } from './Breakdown.js';
import { RunAll } from './RunAll.js';
import { download } from '../app/files.js';
import { DateControl } from './field-controls.js';
import { LeadForm } from './LeadForm.js';
import { leadText, readLead } from './lead-json.js';
import { useNodeConfigs } from './use-node-configs.js';
import './test-form.css';

const SAMPLE: EvaluationInput = { lead: { title: 'VP Marketing' }, events: [] };

/** Runs a lead through the flow in the browser (same engine as the runtime) and shows why. */
export function TestPanel() {
  const id = useEditor((s) => s.history.present.id);
  const flow = useNodeConfigs();
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
  // The lead is one value; the form edits it, the JSON view is its text. Text that does not
  // parse or fit stays in the JSON view with a message, and the value keeps the last good lead.
  const [value, setValue] = useState<EvaluationInput>(() => first?.input ?? SAMPLE);
  const [text, setText] = useState(() => leadText(value));
  const [jsonError, setJsonError] = useState<{ kind: 'parse' | 'fit'; message: string } | null>(null);
  const [view, setView] = useState<'form' | 'json'>('form');
  const [now, setNow] = useState(() => (first ? nowText(first.now) : new Date().toISOString().slice(0, 19) + 'Z'));
  const [error, setError] = useState<string | null>(null);
  const [caseName, setCaseName] = useState('');
  const resultRef = useRef<HTMLDivElement>(null);

  const show = (v: EvaluationInput) => {
    setValue(v);
    setText(leadText(v));
    setJsonError(null);
  };
  const editJson = (t: string) => {
    setText(t);
    const r = readLead(t);
    if (r.ok) setValue(r.value);
    setJsonError(r.ok ? null : { kind: r.kind, message: r.message });
  };
  // A lead handed in (from Simulate) runs as given; the one shown waits for its JSON to be fixed.
  const run = (given?: EvaluationInput, at = now) => {
    if (!ruleSet) return setError('The flow does not compile yet: see Problems.');
    if (!given && view === 'json' && jsonError) return setError('Not run: the JSON above needs fixing first.');
    try {
      actions.setResult(evaluate(ruleSet, given ?? value, { now: at, trace: true }));
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
    const at = typeof own === 'string' ? own : request.now;
    const lead = rest as unknown as EvaluationInput;
    show(lead);
    setNow(at);
    setCaseName(request.title);
    run(lead, at);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request]);
  // A change to the flow, the lead or now re-runs the lead shown, so its outcome follows the edit.
  useEffect(() => {
    if (result && ruleSet) run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ruleSet, value, now]);

  return (
    <div className="test-panel pad" data-testid="test-panel">
      <Row2>
        <select aria-label="Case" defaultValue="" onChange={(e) => {
          const c = cases[Number(e.target.value)];
          if (!c) return;
          show(c.input);
          setNow(nowText(c.now));
          // A fresh name: saving the edited lead must not silently replace the case it came from.
          setCaseName(freshCaseName(c.name, cases.map((x) => x.name)));
        }}>
          <option value="" disabled>{cases.length > 0 ? `Pick one of ${cases.length} cases…` : 'No cases yet'}</option>
          {cases.map((c, i) => <option key={`${c.name}-${i}`} value={i}>{c.name}</option>)}
        </select>
        <button type="button" className="primary" onClick={() => {
          run();
          resultRef.current?.scrollIntoView({ block: 'nearest' });
        }} data-testid="run-test">Run</button>
      </Row2>
      <RunAll id={id} cases={cases} onOpen={(c, r) => {
        show(c.input);
        setNow(nowText(c.now));
        setCaseName(freshCaseName(c.name, cases.map((x) => x.name)));
        actions.setResult(r.result);
      }} />
      <div className="lead-head">
        <div className="segmented" role="tablist" aria-label="Lead view">
          <button type="button" role="tab" aria-selected={view === 'form'} className={view === 'form' ? 'on' : ''} onClick={() => setView('form')} data-testid="lead-view-form">Form</button>
          <button type="button" role="tab" aria-selected={view === 'json'} className={view === 'json' ? 'on' : ''} onClick={() => setView('json')} data-testid="lead-view-json">JSON</button>
        </div>
        <label className="small now">now <DateControl label="Now" value={now} required onChange={(v) => setNow(v as string)} /></label>
      </div>
      {view === 'form' ? (
        <>
          {jsonError && <p className="error small" data-testid="form-stale">The JSON view has text that {jsonError.kind === 'parse' ? 'does not parse' : 'does not fit a lead'}: the form shows the last good lead, and editing here replaces that text.</p>}
          <LeadForm flow={flow} value={value} now={now} onChange={show} />
        </>
      ) : (
        <>
          <textarea aria-label="Input JSON" className="code" rows={16} value={text} onChange={(e) => editJson(e.target.value)} spellCheck={false} />
          {jsonError && <p className="error" data-testid="json-error">{jsonError.message} The form keeps the last good lead.</p>}
        </>
      )}
      {error && <p className="error">{error}</p>}
      <div ref={resultRef}>{result && <Breakdown result={result} />}</div>
      {result && (
        <Row2>
          <input aria-label="Case name" placeholder="Case name" value={caseName} onChange={(e) => setCaseName(e.target.value)} />
          <button type="button" disabled={!caseName.trim()} onClick={() => {
            const name = caseName.trim();
            // Overwriting a case (a template's reference case too) is the user's explicit choice.
            if (cases.some((c) => c.name === name) && !window.confirm(`A case named "${name}" exists. Replace it with this lead and result?`)) {
              return setNote(`Not saved: "${name}" is kept as it was. Give the new case another name.`);
            }
            if (view === 'json' && jsonError) return setNote('Not saved: the JSON above needs fixing first.');
            // Kept in this browser at once; written to the runtime's cases file when it answers.
            const next = addSavedCase(localStorage, id, caseFromRun(name, value, now, result));
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
