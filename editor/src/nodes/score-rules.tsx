// The score inspector's rule editor: attribute rules (a condition), event rules (types,
// points per occurrence, cap, decay) and aggregate rules (over a list such as contacts).
import type { Decay, EventRule, ScoreRule } from '@sluice/schemas';
import { describeCondition } from '../describe.js';
import { ConditionBuilder } from '../inspector/ConditionBuilder.js';
import { EVENT_FIELDS, type FieldOption } from '../inspector/field-options.js';
import { parseList } from '../inspector/operators.js';
import { Num, Row, Select, Text } from '../inspector/ui.js';

type RuleKind = 'attribute' | 'event' | 'aggregate';

export function ruleKind(r: ScoreRule): RuleKind {
  return 'when' in r ? 'attribute' : 'event' in r ? 'event' : 'aggregate';
}

/** One line for a rule on the node's face: `+15 VP or above`. */
export function ruleLine(r: ScoreRule): string {
  const pts = `${r.points > 0 ? '+' : ''}${r.points}`;
  if ('event' in r) {
    const decay = r.decay ? ('halfLifeDays' in r.decay ? `, half-life ${r.decay.halfLifeDays}d` : `, ${r.decay.windowDays}d window`) : '';
    return `${pts} each ${r.label}${r.cap !== undefined ? ` (cap ${r.cap}${decay})` : decay ? ` (${decay.slice(2)})` : ''}`;
  }
  if ('aggregate' in r) return `${pts} per ${r.label}${r.cap !== undefined ? ` (cap ${r.cap})` : ''}`;
  return `${pts} ${r.label}`;
}

function convert(r: ScoreRule, kind: RuleKind): ScoreRule {
  const base = { label: r.label, points: r.points };
  if (kind === 'attribute') return { ...base, when: { all: [] } };
  if (kind === 'event') return { ...base, event: { types: ['page_view'] } };
  return { ...base, aggregate: { path: 'account.contacts', fn: 'count' } };
}

export function RuleEditor({ rule, set, fields }: { rule: ScoreRule; set: (r: ScoreRule) => void; fields: FieldOption[] }) {
  const kind = ruleKind(rule);
  return (
    <>
      <Row label="Label"><Text aria-label="Rule label" value={rule.label} onChange={(label) => set({ ...rule, label })} /></Row>
      <Row label="Points"><Num aria-label="Points" value={rule.points} onChange={(points) => set({ ...rule, points: points ?? 0 })} /></Row>
      <Row label="Counts">
        <Select aria-label="Rule kind" value={kind} options={[{ value: 'attribute', label: 'when a field matches' }, { value: 'event', label: 'per event' }, { value: 'aggregate', label: 'per item of a list' }]} onChange={(k) => set(convert(rule, k))} />
      </Row>
      {'when' in rule && <ConditionBuilder value={rule.when} fields={fields} onChange={(when) => set({ ...rule, when })} />}
      {'event' in rule && <EventFields rule={rule} set={set} />}
      {'aggregate' in rule && (
        <>
          <Row label="List"><Text aria-label="List path" value={rule.aggregate.path} onChange={(path) => set({ ...rule, aggregate: { ...rule.aggregate, path } })} /></Row>
          <Row label="Function"><Select aria-label="Aggregate" value={rule.aggregate.fn} options={['count', 'distinct', 'sum', 'max', 'min'] as const} onChange={(fn) => set({ ...rule, aggregate: { ...rule.aggregate, fn } })} /></Row>
          <Row label="Of field"><Text aria-label="Aggregate field" value={rule.aggregate.field} onChange={(field) => set({ ...rule, aggregate: { ...rule.aggregate, field } })} /></Row>
          <Row label="Cap"><Num aria-label="Cap" min={0} value={rule.cap} onChange={(cap) => set(withOpt(rule, 'cap', cap))} /></Row>
        </>
      )}
    </>
  );
}

function EventFields({ rule, set }: { rule: EventRule; set: (r: ScoreRule) => void }) {
  const decayKind = !rule.decay ? 'none' : 'halfLifeDays' in rule.decay ? 'halfLife' : 'window';
  const decayDays = !rule.decay ? undefined : 'halfLifeDays' in rule.decay ? rule.decay.halfLifeDays : rule.decay.windowDays;
  const setDecay = (k: string, days: number | undefined) => {
    const d: Decay | undefined = k === 'halfLife' ? { halfLifeDays: days ?? 30 } : k === 'window' ? { windowDays: days ?? 30 } : undefined;
    set(withOpt(rule, 'decay', d));
  };
  return (
    <>
      <Row label="Event types">
        <input aria-label="Event types" defaultValue={(rule.event.types ?? []).join(', ')} placeholder="all types" onBlur={(e) => set({ ...rule, event: withOpt(rule.event, 'types', nonEmpty(parseList(e.target.value, 'string').map(String))) })} />
      </Row>
      {rule.event.where && <p className="muted">where {describeCondition(rule.event.where)}</p>}
      {rule.event.where && <ConditionBuilder value={rule.event.where} fields={EVENT_FIELDS} onChange={(where) => set({ ...rule, event: { ...rule.event, where } })} />}
      {!rule.event.where && <button type="button" className="add" onClick={() => set({ ...rule, event: { ...rule.event, where: { all: [] } } })}>+ only events where…</button>}
      <Row label="Cap"><Num aria-label="Cap" min={0} value={rule.cap} onChange={(cap) => set(withOpt(rule, 'cap', cap))} /></Row>
      <Row label="Within days"><Num aria-label="Within days" min={0} value={rule.withinDays} onChange={(d) => set(withOpt(rule, 'withinDays', d))} /></Row>
      <Row label="Decay">
        <Select aria-label="Decay" value={decayKind} options={[{ value: 'none', label: 'none' }, { value: 'halfLife', label: 'half-life (days)' }, { value: 'window', label: 'window (days)' }]} onChange={(k) => setDecay(k, decayDays)} />
        {decayKind !== 'none' && <Num aria-label="Decay days" min={0} value={decayDays} onChange={(d) => setDecay(decayKind, d)} />}
      </Row>
    </>
  );
}

function nonEmpty<T>(a: T[]): T[] | undefined {
  return a.length > 0 ? a : undefined;
}

/** Sets an optional property, removing it when the value is undefined (no `"cap": null` in files). */
export function withOpt<T extends object, K extends string>(o: T, key: K, v: unknown): T {
  const next = { ...o } as Record<string, unknown>;
  if (v === undefined) delete next[key];
  else next[key] = v;
  return next as T;
}
