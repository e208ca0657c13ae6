// The lead's engagement events as rows: type (from the types the flow's rules name), time,
// the props and source the rules read. Whatever else an event holds (its id, other props)
// stays on it and is listed under the row.
import type { EvaluationInput } from '@sluice/schemas';
import { DateControl, JsonControl, ValueSelect } from './field-controls.js';
import { COMMON_EVENT_TYPES, type FlowEvents } from './flow-events.js';
import { isRecord, setAt } from './lead-form.js';

type Event = NonNullable<EvaluationInput['events']>[number];

/** What a row does not show, as `key value` pairs: nothing an event holds is hidden. */
function rest(e: Event, shown: FlowEvents): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(e)) {
    if (k === 'type' || k === 'at' || (k === 'source' && shown.source)) continue;
    if (k === 'props' && isRecord(v)) {
      for (const [p, pv] of Object.entries(v)) if (!shown.props.includes(p)) out.push(`props.${p} ${JSON.stringify(pv)}`);
      continue;
    }
    out.push(`${k} ${JSON.stringify(v)}`);
  }
  return out;
}

/** The event with one prop set or removed; a `props` left empty goes. */
function withProp(e: Event, p: string, v: unknown): Event {
  const next = setAt(e, ['props', p], v);
  return isRecord(next.props) && Object.keys(next.props).length === 0 ? setAt(next, ['props'], undefined) : next;
}

/** A prop as text (most are: a URL, a form name); any other JSON value as JSON. */
function PropControl({ label, value, onChange }: { label: string; value: unknown; onChange: (v: unknown) => void }) {
  if (value !== undefined && typeof value !== 'string') return <JsonControl label={label} value={value} onChange={onChange} />;
  return <input type="text" aria-label={label} value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} />;
}

export function EventsEditor({ events, declared, now, onChange }: { events: readonly Event[]; declared: FlowEvents; now: string; onChange: (events: Event[] | undefined) => void }) {
  const types = declared.types.length > 0 ? declared.types : COMMON_EVENT_TYPES;
  const set = (i: number, e: Event) => onChange(events.map((x, j) => (j === i ? e : x)));
  return (
    <fieldset className="form-group events" data-testid="form-events">
      <legend>Events ({events.length})</legend>
      {declared.types.length === 0 && <p className="muted small">No rule of this flow counts events; the common types are offered.</p>}
      {events.map((e, i) => {
        const other = rest(e, declared);
        const n = i + 1;
        return (
          <div className="event-row" key={i} data-testid="form-event">
            <div className="row2">
              <ValueSelect label={`Event ${n} type`} value={e.type} values={types} required onChange={(t) => typeof t === 'string' && set(i, { ...e, type: t })} />
              <DateControl label={`Event ${n} time`} value={e.at} required onChange={(at) => set(i, { ...e, at: at as string })} />
              <button type="button" className="remove" title="Remove this event" aria-label={`Remove event ${n}`} onClick={() => {
                const next = events.filter((_, j) => j !== i);
                onChange(next.length > 0 ? next : undefined);
              }}>✕</button>
            </div>
            {(declared.props.length > 0 || declared.source) && (
              <div className="row2 small">
                {declared.props.map((p) => (
                  <label key={p} className="event-prop">
                    {p}
                    <PropControl label={`Event ${n} ${p}`} value={isRecord(e.props) && Object.hasOwn(e.props, p) ? e.props[p] : undefined} onChange={(v) => set(i, withProp(e, p, v))} />
                  </label>
                ))}
                {declared.source && (
                  <label className="event-prop">
                    source
                    <ValueSelect label={`Event ${n} source`} value={e.source} values={['browser', 'server']} onChange={(s) => set(i, setAt(e, ['source'], s))} />
                  </label>
                )}
              </div>
            )}
            {other.length > 0 && <div className="muted small event-rest" title="Kept as they are; edit them in the JSON view">{other.join(' · ')}</div>}
          </div>
        );
      })}
      <button type="button" className="add" data-testid="add-event" onClick={() => onChange([...events, { type: types[0] ?? 'page_view', at: now }])}>+ Add event</button>
    </fieldset>
  );
}
