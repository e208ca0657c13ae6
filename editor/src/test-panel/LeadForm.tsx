// The lead as a form built from the start node's fields: one control per field, grouped by the
// object it sits in, the events as rows, and every value nobody declared under "Other fields".
// It edits the same EvaluationInput the JSON view shows; there is no copy to keep in step.
import { useMemo } from 'react';
import type { EvaluationInput, Field, Flow } from '@sluice/schemas';
import { startFields } from '../inspector/field-options.js';
import { EventsEditor } from './EventsEditor.js';
import { FieldControl, JsonControl } from './field-controls.js';
import { flowEvents } from './flow-events.js';
import { blockedAt, eventsOf, fieldGroups, getAt, keyPath, otherFields, setAt } from './lead-form.js';

export function LeadForm({ flow, value, now, onChange }: { flow: Pick<Flow, 'nodes'>; value: EvaluationInput; now: string; onChange: (v: EvaluationInput) => void }) {
  const fields = useMemo(() => startFields(flow), [flow]);
  const groups = useMemo(() => fieldGroups(fields), [fields]);
  const declared = useMemo(() => flowEvents(flow), [flow]);
  const others = otherFields(value, fields);
  return (
    <div className="lead-form" data-testid="lead-form">
      {fields.length === 0 && <p className="muted small">The start node declares no fields: add them in its inspector, or give the lead in the JSON view.</p>}
      {groups.map((g) => (
        <fieldset key={g.key} className="form-group" data-testid={`form-group-${g.key}`}>
          <legend>{g.title}</legend>
          {g.fields.map((f) => <FieldRow key={f.key} field={f} value={value} onChange={onChange} />)}
        </fieldset>
      ))}
      <EventsEditor events={eventsOf(value)} declared={declared} now={now} onChange={(events) => onChange(setAt(value, ['events'], events))} />
      {others.length > 0 && (
        <fieldset className="form-group" data-testid="form-other">
          <legend>Other fields ({others.length})</legend>
          <p className="muted small">In the lead but not declared by the start node: kept and sent as they are.</p>
          {others.map((o) => {
            const key = o.path.join('.');
            return (
              <div className="form-row" key={key} data-testid={`other-${key}`}>
                <span className="form-label mono" title={key}>{key}</span>
                {typeof o.value === 'string' ? (
                  <input type="text" aria-label={key} value={o.value} onChange={(e) => onChange(setAt(value, o.path, e.target.value))} />
                ) : (
                  <JsonControl label={key} value={o.value} onChange={(v) => onChange(setAt(value, o.path, v))} />
                )}
                <button type="button" className="remove" title="Remove from the lead" aria-label={`Remove ${key}`} onClick={() => onChange(setAt(value, o.path, undefined))}>✕</button>
              </div>
            );
          })}
        </fieldset>
      )}
    </div>
  );
}

function FieldRow({ field, value, onChange }: { field: Field; value: EvaluationInput; onChange: (v: EvaluationInput) => void }) {
  const path = keyPath(field.key);
  const label = field.label ?? path[path.length - 1] ?? field.key;
  const blocked = blockedAt(value, path);
  return (
    <div className="form-row" data-testid={`field-${field.key}`}>
      <span className="form-label" title={`${field.key}${field.description ? ` — ${field.description}` : ''}`}>{label}</span>
      {blocked ? (
        <span className="muted small">{blocked.join('.')} holds a value that is not an object: see Other fields</span>
      ) : (
        <FieldControl field={field} label={label} value={getAt(value, path)} onChange={(v) => onChange(setAt(value, path, v))} />
      )}
    </div>
  );
}
