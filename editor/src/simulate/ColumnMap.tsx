import { useEffect, useState } from 'react';
import type { Field } from '@sluice/schemas';
import { createCsvReader, mapColumns } from '@sluice/sdk';
import type { ExplicitMapping } from './protocol.js';

const BY = { mapping: 'your choice', field: 'field name', crm: 'CRM name', column: 'not a field', skipped: 'skipped' } as const;

/** The first row of a CSV file: its column names (read from the first 64 KB only). */
async function headerOf(file: File): Promise<string[] | string> {
  const text = await file.slice(0, 65_536).text();
  const first = createCsvReader().push(text)[0];
  if (!first) return 'The file has no complete first row within its first 64 KB.';
  return 'error' in first ? `Row 1: ${first.error}` : first.fields;
}

export interface ColumnMapProps {
  file: File;
  fields: Field[];
  mapping: ExplicitMapping;
  onChange: (m: ExplicitMapping) => void;
}

/** Where each CSV column goes: the SDK's default (CRM names recognised), changeable per column. */
export function ColumnMap({ file, fields, mapping, onChange }: ColumnMapProps) {
  const [header, setHeader] = useState<string[] | string | null>(null);
  useEffect(() => {
    let live = true;
    setHeader(null);
    headerOf(file).then((h) => live && setHeader(h), (e: unknown) => live && setHeader(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [file]);
  if (header === null) return <p className="muted small">Reading the header…</p>;
  if (typeof header === 'string') return <p className="error small">{header}</p>;
  const mapped = mapColumns(header, fields, mapping);
  const set = (column: string, key: string) => {
    const next = { ...mapping };
    // Choosing what the SDK would choose anyway keeps the mapping short (and follows later defaults).
    const auto = mapColumns([column], fields)[0]?.key ?? null;
    if ((key === '-' && auto === null) || key === auto) delete next[column];
    else next[column] = key;
    onChange(next);
  };
  return (
    <table className="column-map small" data-testid="sim-columns">
      <caption>Columns → the start node's fields (your choices are remembered for this rule set)</caption>
      <thead><tr><th>Column</th><th>Field</th><th>by</th></tr></thead>
      <tbody>
        {mapped.map((m) => (
          <tr key={m.column}>
            <td>{m.column}</td>
            <td>
              <select aria-label={`Field for ${m.column}`} value={m.key ?? '-'} onChange={(e) => set(m.column, e.target.value)}>
                <option value="-">— skip —</option>
                {m.key && !fields.some((f) => f.key === m.key) && <option value={m.key}>{m.key} (not a start field)</option>}
                {fields.map((f) => <option key={f.key} value={f.key}>{f.label ? `${f.label} (${f.key})` : f.key}</option>)}
              </select>
            </td>
            <td className="muted">{BY[m.by]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
