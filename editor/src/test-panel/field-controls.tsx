// One control per declared field type. Each reports `undefined` for "not given", which
// removes the key: a missing field and an empty one are not the same to a rule.
import { useEffect, useRef, useState } from 'react';
import type { Field } from '@sluice/schemas';
import { Num } from '../inspector/ui.js';
import { fits, fromPicker, linesToList, listToLines, toPicker } from './lead-form.js';

interface ControlProps<T = unknown> {
  value: T;
  onChange: (v: unknown) => void;
  label: string;
}

/** The control for a declared field; a value of another type is shown as JSON, as written. */
export function FieldControl({ field, ...p }: ControlProps & { field: Field }) {
  if (!fits(field, p.value)) return <JsonControl {...p} note={`not a ${field.type}${field.type === 'list' && field.itemType ? ` of ${field.itemType}s` : ''}: kept as written`} />;
  if (field.values && (field.type === 'string' || field.type === 'number')) return <ValueSelect {...p} values={field.values} />;
  switch (field.type) {
    case 'number':
      return <Num aria-label={p.label} value={p.value as number | undefined} onChange={p.onChange} />;
    case 'boolean':
      return <BoolControl {...p} value={p.value as boolean | undefined} />;
    case 'date':
      return <DateControl {...p} />;
    case 'list':
      if (field.values) return <MultiSelect {...p} value={p.value as unknown[] | undefined} values={field.values} />;
      if (field.itemType === 'string' || field.itemType === 'number' || field.itemType === undefined) return <LinesControl {...p} value={p.value as unknown[] | undefined} itemType={field.itemType} />;
      return <JsonControl {...p} />;
    case 'object':
      return <JsonControl {...p} />;
    default:
      return <input type="text" aria-label={p.label} value={(p.value as string | undefined) ?? ''} onChange={(e) => p.onChange(e.target.value === '' ? undefined : e.target.value)} />;
  }
}

/** Allowed values as a select; a value outside them stays selectable, marked, never replaced. */
export function ValueSelect({ value, onChange, label, values, required }: ControlProps & { values: readonly (string | number)[]; required?: boolean }) {
  const all = value === undefined || values.includes(value as string | number) ? values : [...values, value as string | number];
  return (
    <select aria-label={label} value={value === undefined ? '' : String(all.indexOf(value as string | number))} onChange={(e) => onChange(e.target.value === '' ? undefined : all[Number(e.target.value)])}>
      {!(required && value !== undefined) && <option value="">(not set)</option>}
      {all.map((v, i) => (
        <option key={`${typeof v}-${v}`} value={i}>{String(v)}{i >= values.length ? ' (not one of the listed values)' : ''}</option>
      ))}
    </select>
  );
}

/** A checkbox that can also say "not set" (indeterminate): false and missing differ to a rule. */
function BoolControl({ value, onChange, label }: ControlProps<boolean | undefined>) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = value === undefined;
  }, [value]);
  return (
    <span className="bool">
      <input ref={ref} type="checkbox" aria-label={label} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
      <span className="muted small">{value === undefined ? 'not set' : value ? 'yes' : 'no'}</span>
      {value !== undefined && <button type="button" className="remove" title="Not set" aria-label={`Clear ${label}`} onClick={() => onChange(undefined)}>✕</button>}
    </span>
  );
}

/**
 * A date and time picker read in UTC. Only complete dates are written: the picker reports an
 * empty value while a part is being retyped, which must not wipe the date; ✕ clears it.
 */
export function DateControl({ value, onChange, label, required }: ControlProps & { required?: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  const shown = toPicker(value);
  // Outside changes (the JSON view, a picked case) reach the picker; its own edits need not.
  useEffect(() => {
    if (ref.current && fromPicker(ref.current.value) !== fromPicker(shown)) ref.current.value = shown;
  }, [shown]);
  return (
    <span className="date">
      <input ref={ref} type="datetime-local" aria-label={label} defaultValue={shown} onChange={(e) => {
        const v = fromPicker(e.target.value);
        if (v) onChange(v);
      }} />
      <span className="muted small">UTC</span>
      {!required && (
        // Kept in place (hidden) when there is nothing to clear, so the pickers line up.
        <button type="button" className={value === undefined ? 'remove placeholder' : 'remove'} title="Not set" aria-label={`Clear ${label}`} onClick={() => onChange(undefined)}>✕</button>
      )}
    </span>
  );
}

/** A list with known values: one checkbox per value; items outside them are kept and shown. */
function MultiSelect({ value, onChange, label, values }: ControlProps<unknown[] | undefined> & { values: readonly (string | number)[] }) {
  const list = value ?? [];
  const all = [...values, ...list.filter((x) => !values.includes(x as string | number)).map((x) => x as string | number)];
  const toggle = (v: string | number, on: boolean) => {
    const next = on ? [...list, v] : list.filter((x) => x !== v);
    onChange(next.length === 0 ? undefined : next);
  };
  return (
    <span className="multi" role="group" aria-label={label}>
      {all.map((v) => (
        <label key={`${typeof v}-${v}`} className="small">
          <input type="checkbox" checked={list.includes(v)} onChange={(e) => toggle(v, e.target.checked)} /> {String(v)}
        </label>
      ))}
    </span>
  );
}

/** Reports text drafts that parse; keeps a draft that does not, with a message, until fixed. */
function useDraft<T>(value: T, format: (v: T) => string) {
  const [text, setText] = useState(() => format(value));
  const [error, setError] = useState<string | null>(null);
  const last = useRef(value);
  useEffect(() => {
    if (value !== last.current) {
      last.current = value;
      setText(format(value));
      setError(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const commit = (t: string, read: (t: string) => { value: unknown } | { error: string }, onChange: (v: unknown) => void) => {
    setText(t);
    const r = read(t);
    if ('error' in r) return setError(r.error);
    setError(null);
    last.current = r.value as T;
    onChange(r.value);
  };
  return { text, error, commit };
}

/** A list of strings or numbers, one per line. */
function LinesControl({ value, onChange, label, itemType }: ControlProps<unknown[] | undefined> & { itemType: Field['itemType'] }) {
  const d = useDraft(value, (v) => listToLines(v ?? []));
  return (
    <span className="stack">
      <textarea aria-label={label} rows={Math.min(4, Math.max(2, (value?.length ?? 0) + 1))} value={d.text} placeholder="one per line" onChange={(e) => d.commit(e.target.value, (t) => {
        const r = linesToList(t, itemType);
        return 'value' in r && r.value.length === 0 ? { value: undefined } : r;
      }, onChange)} />
      {d.error && <span className="error small">{d.error}</span>}
    </span>
  );
}

/** Any JSON value: objects, lists of objects, a value of another type than declared. */
export function JsonControl({ value, onChange, label, note }: ControlProps & { note?: string }) {
  // Short values on one line; a long one (a buying group's contacts) indented, to be read.
  const d = useDraft(value, (v) => {
    if (v === undefined) return '';
    const line = JSON.stringify(v);
    return line.length > 60 ? JSON.stringify(v, null, 2) : line;
  });
  return (
    <span className="stack">
      <textarea className="code json-field" aria-label={label} rows={1} value={d.text} placeholder="JSON" spellCheck={false} onChange={(e) => d.commit(e.target.value, readJson, onChange)} />
      {note && <span className="muted small">{note}</span>}
      {d.error && <span className="error small">{d.error}</span>}
    </span>
  );
}

function readJson(t: string): { value: unknown } | { error: string } {
  if (t.trim() === '') return { value: undefined };
  try {
    return { value: JSON.parse(t) as unknown };
  } catch (e) {
    return { error: `not JSON yet (${e instanceof Error ? e.message : String(e)}): the lead keeps the last value` };
  }
}
