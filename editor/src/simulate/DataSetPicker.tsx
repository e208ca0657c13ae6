import type { ReactNode } from 'react';
import { SIZES, formatOf, type DataChoice } from './choice.js';
import { count } from './overlay.js';

export interface DataSetPickerProps {
  choice: DataChoice;
  onChange: (c: DataChoice) => void;
  /** The CSV column mapping, shown under a CSV file. */
  mapping?: ReactNode;
}

const KINDS: [DataChoice['kind'], string][] = [['generated', 'Generated'], ['upload', 'File'], ['stored', 'Stored leads']];

/** Where the leads come from: generated, an NDJSON or CSV file, or the runtime's stored leads. */
export function DataSetPicker({ choice, onChange, mapping }: DataSetPickerProps) {
  const pickKind = (k: DataChoice['kind']) => {
    if (k === choice.kind) return;
    if (k === 'generated') onChange({ kind: 'generated', count: 10_000, seed: 42 });
    else if (k === 'upload') onChange({ kind: 'upload', file: null, format: 'ndjson', mapping: {} });
    else onChange({ kind: 'stored', limit: 100_000 });
  };
  return (
    <fieldset className="sim-data">
      <legend>Data set</legend>
      <div className="segmented" role="radiogroup" aria-label="Data set">
        {KINDS.map(([k, label]) => (
          <button key={k} type="button" role="radio" aria-checked={choice.kind === k} className={choice.kind === k ? 'on' : ''} onClick={() => pickKind(k)} data-testid={`sim-source-${k}`}>{label}</button>
        ))}
      </div>
      {choice.kind === 'generated' && (
        <div className="row2">
          <label className="small" htmlFor="sim-size">Leads</label>
          <select id="sim-size" aria-label="Number of leads" value={choice.count} onChange={(e) => onChange({ ...choice, count: Number(e.target.value) })}>
            {SIZES.map((n) => <option key={n} value={n}>{count(n)}</option>)}
          </select>
          <label className="small" htmlFor="sim-seed">Seed</label>
          <input id="sim-seed" aria-label="Seed" type="number" step={1} value={choice.seed} style={{ width: 70, flex: 'none' }} onChange={(e) => onChange({ ...choice, seed: Math.trunc(Number(e.target.value) || 0) })} />
        </div>
      )}
      {choice.kind === 'generated' && <p className="muted small">Synthetic B2B leads with events and accounts from the example generator: the same seed gives the same leads (<code>examples/data/generate.ts</code>).</p>}
      {choice.kind === 'upload' && (
        <>
          <div className="row2">
            <input type="file" aria-label="Leads file" accept=".ndjson,.jsonl,.json,.csv,.tsv,.txt" data-testid="sim-file"
              onChange={(e) => {
                const file = e.target.files?.[0] ?? null;
                if (file) onChange({ ...choice, file, format: formatOf(file.name) });
              }} />
            <select aria-label="File format" value={choice.format} onChange={(e) => onChange({ ...choice, format: e.target.value as 'ndjson' | 'csv' })} style={{ flex: 'none', width: 90 }}>
              <option value="ndjson">NDJSON</option>
              <option value="csv">CSV</option>
            </select>
          </div>
          <p className="muted small">
            {choice.format === 'ndjson' ? 'One lead per line: { "lead": {…}, "events": […], "account": {…} } (a line may carry its own "now").' : 'One lead per row; columns are mapped to the start node\'s fields (HubSpot and Salesforce export names are recognised).'}
            {' '}Rows that cannot be read are listed and skipped.
          </p>
          {choice.format === 'csv' && mapping}
        </>
      )}
      {choice.kind === 'stored' && <p className="muted small">Every lead the runtime has stored, with its events and account (up to {count(choice.limit)}), fetched again each time you press Simulate; edits re-run on the leads already fetched.</p>}
    </fieldset>
  );
}
