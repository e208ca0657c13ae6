// What a flow says about events, for the test form's event rows: the types its score rules and
// event conditions name, the event properties (`props.url`) its conditions read, and whether
// any condition reads `source`. The start node declares lead and account fields only; events
// are declared by the rules that count them.
import type { Flow } from '@sluice/schemas';
import { EVENT_FIELDS } from '../inspector/field-options.js';
import { isRecord } from './lead-form.js';

export interface FlowEvents {
  /** Event types the flow names, in the order first met. */
  types: string[];
  /** Keys under `props` its conditions read (`url` for `props.url`). */
  props: string[];
  /** Whether a condition reads the event's `source` (browser or server). */
  source: boolean;
}

/** The product's common event types, offered when a flow names none. */
export const COMMON_EVENT_TYPES: readonly string[] = EVENT_FIELDS.find((f) => f.key === 'type')?.values?.map(String) ?? [];

/**
 * Event types, props and source as the flow's rules use them.
 *
 * @example
 * flowEvents(flow) // { types: ['pricing_view', 'demo_request'], props: ['url'], source: false }
 */
export function flowEvents(flow: Pick<Flow, 'nodes'>): FlowEvents {
  const types = new Set<string>();
  const props = new Set<string>();
  let source = false;
  const addValues = (v: unknown) => {
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string' && x !== '') types.add(x);
  };
  // Plain recursion over the configs: event conditions sit at any depth (count `where`, an
  // event rule's `where`, nested all/any/not), and a config is a bounded, validated document.
  const walk = (v: unknown, depth: number): void => {
    if (depth > 64) return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    if (!isRecord(v)) return;
    if (isRecord(v.event) && Array.isArray(v.event.types)) addValues(v.event.types);
    if (typeof v.fact === 'string' && typeof v.operator === 'string') {
      if (v.fact === 'type') addValues(v.value);
      if (v.fact === 'source') source = true;
      if (v.fact === 'props' && typeof v.path === 'string') {
        const first = v.path.replace(/^\$?\.?/, '').split('.')[0];
        if (first) props.add(first);
      }
    }
    for (const x of Object.values(v)) walk(x, depth + 1);
  };
  for (const n of flow.nodes) walk(n.config, 0);
  return { types: [...types], props: [...props], source };
}
