// The condition builder: all/any/none groups of rules, a field picker from the start node's
// fields, operators that fit the field's type and value inputs that fit the operator.
import { useId } from 'react';
import type { Condition, CountValue, DistinctCountValue, LeafCondition, OperatorName } from '@sluice/schemas';
import { leafKey, splitKey } from '../describe.js';
import { asGroup, group, isLeaf, newLeaf, type GroupMode } from './condition-model.js';
import { EVENT_FIELDS, type FieldOption } from './field-options.js';
import { OPERATOR_LABELS, coerceValue, operatorsFor, parseList, valueKind } from './operators.js';
import { Num, Select, Text } from './ui.js';

interface Props {
  value: Condition;
  onChange: (c: Condition) => void;
  fields: readonly FieldOption[];
}

const MODES: { value: GroupMode; label: string }[] = [
  { value: 'all', label: 'All of' },
  { value: 'any', label: 'Any of' },
  { value: 'none', label: 'None of' },
];

export function ConditionBuilder({ value, onChange, fields }: Props) {
  const g = asGroup(value);
  if (!g) {
    return (
      <div className="cond-group">
        <LeafEditor leaf={value as LeafCondition} onChange={onChange} fields={fields} />
        <button type="button" className="add" onClick={() => onChange({ all: [value, newLeaf(fields[0]?.key)] })}>+ and another rule</button>
      </div>
    );
  }
  const setChild = (i: number, c: Condition) => onChange(group(g.mode, g.children.map((x, j) => (j === i ? c : x))));
  return (
    <div className="cond-group">
      <Select aria-label="Group mode" value={g.mode} options={MODES} onChange={(m) => onChange(group(m, g.children))} />
      {g.children.map((c, i) => (
        <div className="cond-child" key={i}>
          {isLeaf(c) ? (
            <LeafEditor leaf={c} onChange={(x) => setChild(i, x)} fields={fields} />
          ) : (
            <ConditionBuilder value={c} onChange={(x) => setChild(i, x)} fields={fields} />
          )}
          <button type="button" className="remove" title="Remove rule" onClick={() => onChange(group(g.mode, g.children.filter((_, j) => j !== i)))}>✕</button>
        </div>
      ))}
      <div className="cond-add">
        <button type="button" className="add" onClick={() => onChange(group(g.mode, [...g.children, newLeaf(fields[0]?.key)]))}>+ rule</button>
        <button type="button" className="add" onClick={() => onChange(group(g.mode, [...g.children, { any: [] }]))}>+ group</button>
      </div>
    </div>
  );
}

function LeafEditor({ leaf, onChange, fields }: { leaf: LeafCondition; onChange: (c: LeafCondition) => void; fields: readonly FieldOption[] }) {
  const listId = useId();
  const key = leafKey(leaf);
  const field = fields.find((f) => f.key === key);
  const ops = operatorsFor(field?.type);
  const kind = valueKind(leaf.operator, field?.type);
  const setKey = (k: string) => {
    const { fact, path } = splitKey(k);
    const f = fields.find((x) => x.key === k);
    const allowed = operatorsFor(f?.type);
    const operator = allowed.includes(leaf.operator) ? leaf.operator : (allowed[0] as OperatorName);
    const next: LeafCondition = { fact, operator, value: coerceValue(valueKind(operator, f?.type), leaf.value) };
    if (path !== undefined) next.path = path;
    onChange(next);
  };
  return (
    <div className="cond-leaf">
      <input aria-label="Field" list={listId} value={key} onChange={(e) => setKey(e.target.value)} />
      <datalist id={listId}>
        {fields.map((f) => (
          <option key={f.key} value={f.key}>{f.label}</option>
        ))}
      </datalist>
      <Select
        aria-label="Operator"
        value={leaf.operator}
        options={(ops.includes(leaf.operator) ? ops : [leaf.operator, ...ops]).map((o) => ({ value: o, label: OPERATOR_LABELS[o] }))}
        onChange={(op) => onChange({ ...leaf, operator: op, value: coerceValue(valueKind(op, field?.type), leaf.value) })}
      />
      <ValueInput leaf={leaf} kind={kind} field={field} onChange={(v) => onChange({ ...leaf, value: v })} />
    </div>
  );
}

function ValueInput({ leaf, kind, field, onChange }: { leaf: LeafCondition; kind: ReturnType<typeof valueKind>; field: FieldOption | undefined; onChange: (v: unknown) => void }) {
  const v = leaf.value;
  switch (kind) {
    case 'number':
    case 'days':
      return <Num aria-label={kind === 'days' ? 'Days' : 'Value'} value={typeof v === 'number' ? v : undefined} onChange={(n) => onChange(n ?? 0)} />;
    case 'date':
      return <input aria-label="Date" type="date" value={typeof v === 'string' ? v.slice(0, 10) : ''} onChange={(e) => onChange(e.target.value)} />;
    case 'boolean':
      return <Select aria-label="Value" value={v === false ? 'false' : 'true'} options={['true', 'false']} onChange={(s) => onChange(s === 'true')} />;
    case 'exists':
      return <Select aria-label="Value" value={v === false ? 'false' : 'true'} options={[{ value: 'true', label: 'is set' }, { value: 'false', label: 'is not set' }]} onChange={(s) => onChange(s === 'true')} />;
    case 'list':
      return <ListText value={Array.isArray(v) ? v : []} field={field} onChange={onChange} />;
    case 'condition':
      return <ConditionBuilder value={(v as Condition) ?? { all: [] }} onChange={onChange} fields={leaf.fact === 'events' ? EVENT_FIELDS : []} />;
    case 'count': {
      const cv = (v ?? {}) as CountValue;
      return (
        <div className="cond-nested">
          <ConditionBuilder value={cv.where ?? { all: [] }} onChange={(w) => onChange({ ...cv, where: w })} fields={EVENT_FIELDS} />
          <span>in last</span>
          <Num aria-label="Within days" value={cv.withinDays} onChange={(n) => onChange(strip({ ...cv, withinDays: n }))} />
          <span>days, min</span>
          <Num aria-label="Min" value={cv.min} onChange={(n) => onChange(strip({ ...cv, min: n }))} />
          <span>max</span>
          <Num aria-label="Max" value={cv.max} onChange={(n) => onChange(strip({ ...cv, max: n }))} />
        </div>
      );
    }
    case 'distinct': {
      const dv = (v ?? { field: 'type' }) as DistinctCountValue;
      return (
        <div className="cond-nested">
          <Text aria-label="Distinct field" value={dv.field} onChange={(f) => onChange({ ...dv, field: f })} />
          <span>min</span>
          <Num aria-label="Min" value={dv.min} onChange={(n) => onChange(strip({ ...dv, min: n }))} />
          <span>max</span>
          <Num aria-label="Max" value={dv.max} onChange={(n) => onChange(strip({ ...dv, max: n }))} />
        </div>
      );
    }
    default:
      return <Text aria-label="Value" value={typeof v === 'string' ? v : v === undefined ? '' : String(v)} onChange={onChange} />;
  }
}

function ListText({ value, field, onChange }: { value: unknown[]; field: FieldOption | undefined; onChange: (v: unknown) => void }) {
  return (
    <input
      aria-label="Values"
      title={field?.values ? `Known values: ${field.values.join(', ')}` : 'Comma-separated values'}
      placeholder={field?.values?.slice(0, 3).join(', ') ?? 'a, b, c'}
      defaultValue={value.join(', ')}
      onBlur={(e) => onChange(parseList(e.target.value, field?.type))}
      onKeyDown={(e) => e.key === 'Enter' && onChange(parseList(e.currentTarget.value, field?.type))}
    />
  );
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
}
