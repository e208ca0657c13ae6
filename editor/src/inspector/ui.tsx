// Small form controls shared by the inspectors.
import { useEffect, useState, type ReactNode } from 'react';

export function Row(props: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="row">
      <span className="row-label" title={props.hint}>{props.label}</span>
      {props.children}
    </label>
  );
}

/** A text input that reports every keystroke (the store merges them into one undo step). */
export function Text(props: { value: string | undefined; onChange: (v: string) => void; placeholder?: string; list?: string; name?: string; 'aria-label'?: string }) {
  return (
    <input
      type="text"
      name={props.name}
      aria-label={props['aria-label']}
      list={props.list}
      value={props.value ?? ''}
      placeholder={props.placeholder}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

/** A number input; empty text reports undefined, partial text ("-", "1.") is kept while typing. */
export function Num(props: { value: number | undefined; onChange: (v: number | undefined) => void; min?: number; step?: number; name?: string; 'aria-label'?: string }) {
  const [text, setText] = useState(props.value === undefined ? '' : String(props.value));
  useEffect(() => {
    if (Number(text) !== props.value) setText(props.value === undefined ? '' : String(props.value));
    // Only outside changes (undo, another field) reset the text.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.value]);
  return (
    <input
      type="number"
      name={props.name}
      aria-label={props['aria-label']}
      min={props.min}
      step={props.step ?? 'any'}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const n = e.target.valueAsNumber;
        if (e.target.value === '') props.onChange(undefined);
        else if (Number.isFinite(n)) props.onChange(n);
      }}
    />
  );
}

export function Select<T extends string>(props: { value: T | undefined; options: readonly (T | { value: T; label: string })[]; onChange: (v: T) => void; name?: string; 'aria-label'?: string }) {
  return (
    <select name={props.name} aria-label={props['aria-label']} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value as T)}>
      {props.value === undefined && <option value="">—</option>}
      {props.options.map((o) => {
        const v = typeof o === 'string' ? o : o.value;
        return (
          <option key={v} value={v}>
            {typeof o === 'string' ? o : o.label}
          </option>
        );
      })}
    </select>
  );
}

/** A list with add, remove and move up/down on every item. */
export function ListEditor<T>(props: {
  items: readonly T[];
  onChange: (items: T[]) => void;
  render: (item: T, update: (item: T) => void, index: number) => ReactNode;
  make: () => T;
  addLabel: string;
}) {
  const { items, onChange } = props;
  const set = (i: number, v: T) => onChange(items.map((x, j) => (j === i ? v : x)));
  const move = (i: number, d: number) => {
    const next = [...items];
    const [x] = next.splice(i, 1);
    next.splice(i + d, 0, x as T);
    onChange(next);
  };
  return (
    <div className="list">
      {items.map((item, i) => (
        <div className="list-item" key={i}>
          <div className="list-tools">
            <span className="list-index">{i + 1}</span>
            <button type="button" title="Move up" disabled={i === 0} onClick={() => move(i, -1)}>↑</button>
            <button type="button" title="Move down" disabled={i === items.length - 1} onClick={() => move(i, 1)}>↓</button>
            <button type="button" title="Remove" onClick={() => onChange(items.filter((_, j) => j !== i))}>✕</button>
          </div>
          {props.render(item, (v) => set(i, v), i)}
        </div>
      ))}
      <button type="button" className="add" onClick={() => onChange([...items, props.make()])}>
        + {props.addLabel}
      </button>
    </div>
  );
}
