// The keys a condition can read, for the field picker: the start node's declared fields,
// plus events, the flow's scores and the variables its tables and set nodes write.
import type { Field, Flow, FieldType } from '@sluice/schemas';

export interface FieldOption {
  key: string;
  type: FieldType;
  label: string;
  values?: (string | number)[];
}

/** The fields the start node declares. */
export function startFields(flow: Pick<Flow, 'nodes'>): Field[] {
  const start = flow.nodes.find((n) => n.kind === 'start');
  return start && start.kind === 'start' ? start.config.fields : [];
}

/**
 * Every key the field picker offers, declared fields first.
 *
 * @example
 * fieldOptions(flow).map((o) => o.key) // ['lead.title', ..., 'events', 'scores.fit', 'vars.grade']
 */
export function fieldOptions(flow: Pick<Flow, 'nodes' | 'scores'>): FieldOption[] {
  const out: FieldOption[] = startFields(flow).map((f) => {
    const o: FieldOption = { key: f.key, type: f.type, label: f.label ?? f.key };
    if (f.values) o.values = f.values;
    return o;
  });
  out.push({ key: 'events', type: 'list', label: 'Engagement events' });
  const scores = new Set((flow.scores ?? []).map((s) => s.name));
  const vars = new Set<string>();
  for (const n of flow.nodes) {
    if (n.kind === 'score') scores.add(n.config.score);
    if (n.kind === 'table') for (const o of n.config.outputs) vars.add(o.name);
    if (n.kind === 'set') for (const a of n.config.assign) vars.add(a.name);
  }
  for (const s of [...scores].sort()) out.push({ key: `scores.${s}`, type: 'number', label: `Score: ${s}` });
  for (const v of [...vars].sort()) out.push({ key: `vars.${v}`, type: 'string', label: `Variable: ${v}` });
  return out;
}

/** Facts of one event, for conditions over events (count, some, event rules). */
export const EVENT_FIELDS: FieldOption[] = [
  { key: 'type', type: 'string', label: 'Event type', values: ['page_view', 'pricing_view', 'webinar_attended', 'content_download', 'email_click', 'demo_request'] },
  { key: 'at', type: 'date', label: 'When' },
  { key: 'props.url', type: 'string', label: 'Page URL' },
];
