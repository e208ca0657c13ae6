// Problems in plain words. The engine and the schema speak in JSON pointers and validator
// phrases ("/nodes/3/config/rules/0/points must be <= 1000"); a revenue-operations person
// reads "Score “Fit” — rule “VP or above”: points must be at most 1,000". The pointer and the
// original phrase stay in a details line, for whoever has to open the file.
import type { Field, Flow } from '@sluice/schemas';
import { OPERATOR_LABELS } from '../inspector/operators.js';
import { specOf } from '../nodes/registry.js';

/** A problem as the Problems list shows it. */
export interface Worded {
  /** What it is about: a node by its kind and label (`Gate “ICP fit”`), or a part of the flow. */
  subject: string;
  /** One sentence, no pointers, no patterns. */
  text: string;
  /** The JSON pointer and the original message, for the details line. */
  details: string;
}

// Config keys as a person says them; a key not listed is shown as it is.
const KEY_WORDS: Record<string, string> = {
  condition: 'condition', when: 'condition', rules: 'rule', rows: 'row', items: 'item', assign: 'variable',
  fields: 'field', outputs: 'output', ports: 'port', values: 'values', points: 'points', cap: 'cap',
  min: 'minimum', max: 'maximum', reason: 'reason code', message: 'message', score: 'score name', label: 'label',
  key: 'key', type: 'type', operator: 'operator', value: 'value', fact: 'field', path: 'field', all: 'part',
  any: 'part', not: 'negated part', hitPolicy: 'hit policy', handoff: 'handoff', sla: 'SLA', nurture: 'nurture',
  recycle: 'recycle', tags: 'tags', stage: 'stage', decay: 'decay', halfLifeDays: 'half-life in days',
  windowDays: 'window in days', withinDays: 'days', event: 'event', where: 'filter', expr: 'expression',
  name: 'name', default: 'default', port: 'port', team: 'team', track: 'track', afterDays: 'days',
  timeZone: 'time zone', businessDays: 'business days', hours: 'hours', id: 'id', kind: 'kind',
  stages: 'stages', scores: 'score', rejectStage: 'reject stage', webhooks: 'webhook', url: 'address',
  description: 'description', gradeVar: 'grade variable', events: 'events', minutes: 'minutes', days: 'days',
};

// Patterns of the schema (defs.schema.json), said as what to type instead.
const PATTERN_WORDS: Record<string, string> = {
  '^[a-z0-9][a-z0-9-]{0,63}$': 'may use lower-case letters, digits and hyphens (at most 64), starting with a letter or digit',
  '^[A-Za-z][A-Za-z0-9_-]{0,63}$': 'may use letters, digits, “_” and “-” (at most 64), starting with a letter',
  '^[A-Za-z_][A-Za-z0-9_]{0,63}$': 'may use letters, digits and “_” (at most 64), not starting with a digit',
  '^[a-z0-9][a-z0-9_.-]{0,63}$': 'may use lower-case letters, digits, “_”, “.” and “-” (at most 64), starting with a letter or digit',
  '^([01][0-9]|2[0-3]):[0-5][0-9]$': 'must be a time of day such as 09:00',
  '^([01][0-9]|2[0-4]):[0-5][0-9]$': 'must be a time of day such as 17:30 (24:00 for midnight)',
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}$': 'must be a date such as 2026-03-31',
  '^https?://': 'must be a web address starting with http:// or https://',
  '^[^\\u0000-\\u001f]+$': 'must not be empty or hold line breaks or control characters',
  '^[^\\u0000-\\u001f/\\\\]+$': 'must not be empty or hold slashes, line breaks or control characters',
};

const TYPE_WORDS: Record<string, string> = {
  object: 'a group of settings', array: 'a list', string: 'text', number: 'a number', integer: 'a whole number', boolean: 'yes or no', null: 'empty',
};

/** The validator's phrase as a plain one; null when it is already a sentence of its own. */
function phrase(message: string): string | null {
  let m: RegExpExecArray | null;
  if ((m = /^must match pattern "(.*)"$/.exec(message))) return PATTERN_WORDS[m[1] ?? ''] ?? 'is not written in the expected form';
  if ((m = /^must match format "(.*)"$/.exec(message))) return m[1] === 'date-time' ? 'must be a date and time such as 2026-03-31T09:00:00Z' : m[1] === 'date' ? 'must be a date such as 2026-03-31' : `must be a ${m[1]}`;
  if ((m = /^must be (<=|>=|<|>) (-?[\d.e+]+)$/.exec(message))) {
    const words = { '<=': 'at most', '>=': 'at least', '<': 'less than', '>': 'more than' }[m[1] as '<=' | '>=' | '<' | '>'];
    return `must be ${words} ${Number(m[2]).toLocaleString('en-US')}`;
  }
  if ((m = /^must NOT have (more|fewer) than (\d+) (characters|items|properties)$/.exec(message))) {
    const n = Number(m[2]);
    if (m[1] === 'fewer' && n === 1) return m[3] === 'characters' ? 'must not be empty' : 'needs at least one entry';
    const what = m[3] === 'characters' ? 'characters' : 'entries';
    return m[1] === 'more' ? `is too long: at most ${n} ${what}` : `needs at least ${n} ${what}`;
  }
  if ((m = /^must be (object|array|string|number|integer|boolean|null)$/.exec(message))) return `must be ${TYPE_WORDS[m[1] ?? ''] ?? m[1]}`;
  if ((m = /^must NOT have duplicate items \(items ## (\d+) and (\d+) are identical\)$/.exec(message))) return `has entries ${Number(m[2]) + 1} and ${Number(m[1]) + 1} that are the same`;
  if (message === 'is required') return 'is missing';
  if (message === 'is not a known property') return 'is not a setting this has';
  if (message === 'does not match any allowed form') return 'is not in any of the allowed forms';
  if (message === 'must be multiple of 1') return 'must be a whole number';
  return null;
}

/** The value a JSON pointer points at in the flow (own properties only). */
function at(doc: unknown, segs: readonly string[]): unknown {
  let v = doc;
  for (const k of segs) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

function unescape(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A list item's own name when it has one (a rule's label, a field's label or key). */
function itemName(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  for (const k of ['label', 'name', 'key', 'id']) if (typeof o[k] === 'string' && o[k] !== '') return o[k] as string;
  return undefined;
}

/** A node as a person names it: kind and label (`Gate “ICP fit”`). */
export function nodeName(flow: Flow, id: string): string {
  const n = flow.nodes.find((x) => x.id === id);
  if (!n) return `Node “${id}”`;
  let title = 'Node';
  try {
    title = specOf(n.kind)?.title ?? 'Node';
  } catch {
    /* an imported file may hold an unknown kind */
  }
  return `${title} “${n.label ?? n.id}”`;
}

/** Path segments below a node or the flow's root, as words: `rules/0/points` → rule “VP” › points. */
function segmentWords(doc: unknown, base: readonly string[], rest: readonly string[]): string[] {
  const out: string[] = [];
  const walked = [...base];
  for (let i = 0; i < rest.length; i++) {
    const seg = rest[i]!;
    walked.push(seg);
    if (seg === 'config') continue;
    const next = rest[i + 1];
    const word = KEY_WORDS[seg] ?? seg;
    if (next !== undefined && /^\d+$/.test(next)) {
      walked.push(next);
      i++;
      const name = itemName(at(doc, walked));
      // Condition parts have no names: "part 2".
      out.push(name !== undefined && seg !== 'all' && seg !== 'any' ? `${word} “${name}”` : `${word} ${Number(next) + 1}`);
    } else out.push(word);
  }
  return out;
}

/** Start-node field keys in a message named by their labels: `lead.budget` → “Budget (USD)”. */
function withLabels(message: string, fields: readonly Field[]): string {
  const labels = new Map(fields.filter((f) => f.label).map((f) => [f.key, f.label!]));
  let out = message.replace(/^port (\S+) is not connected$/, 'port “$1” is not connected: leads taking it would stop here');
  out = out.replace(/\b(?:lead|account)(?:\.[A-Za-z_][A-Za-z0-9_]*)+/g, (k) => (labels.has(k) ? `“${labels.get(k)}”` : k));
  // Operator names as the condition builder shows them: "; in compares with" → "; “is one of” compares with".
  out = out.replace(/; ([A-Za-z]+) (compares with|does not fit)/, (all, op: string, rest: string) => {
    const label = (OPERATOR_LABELS as Record<string, string>)[op];
    return label ? `; “${label}” ${rest}` : all;
  });
  return out;
}

/** Capitalised, unless it starts with a field key (`lead.title` is what the user typed). */
function capitalise(s: string): string {
  return s.length > 0 && !/^[a-z]+\.[A-Za-z_]/.test(s) ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/**
 * A problem of a flow in plain words: what it is about, by label; one sentence without JSON
 * pointers or patterns; the pointer and the original message kept as details.
 *
 * @example
 * inWords(flow, { nodeId: 'fit', path: '/nodes/1/config/rules/0/points', message: 'must be <= 1000' })
 * // { subject: 'Score “Fit”', text: 'Rule “VP or above” › points must be at most 1,000.', details: '/nodes/1/config/rules/0/points: must be <= 1000' }
 */
export function inWords(flow: Flow, issue: { nodeId?: string; path: string; message: string; code?: string }): Worded {
  const fields = startFieldsOf(flow);
  // Editor codes (E101) stay out of the sentence: they belong with the details.
  const coded = /^(.*) \((E\d{3})\)$/.exec(issue.message);
  const message = coded ? coded[1]! : issue.message;
  const code = coded ? coded[2] : undefined;
  const details = `${issue.path}${code ? ` · ${code}` : ''}${coded ? '' : ` · ${issue.message}`}`;
  const segs = issue.path.split('/').slice(1).map(unescape).filter((s) => s !== '');
  let subject: string;
  let where: string[];
  if (segs[0] === 'nodes' && segs[1] !== undefined && /^\d+$/.test(segs[1])) {
    const node = flow.nodes[Number(segs[1])];
    subject = issue.nodeId ? nodeName(flow, issue.nodeId) : node ? nodeName(flow, node.id) : 'A node';
    where = segmentWords(flow, segs.slice(0, 2), segs.slice(2));
  } else if (segs[0] === 'edges' && segs[1] !== undefined) {
    const e = flow.edges[Number(segs[1])];
    subject = e ? `The connection from ${nodeName(flow, e.source)}${e.sourcePort !== 'next' ? ` (${e.sourcePort})` : ''}` : 'A connection';
    where = [];
  } else if (issue.nodeId) {
    subject = nodeName(flow, issue.nodeId);
    where = [];
  } else {
    subject = segs.length === 0 ? 'The flow' : 'Flow settings';
    where = segs.length === 0 || (segs.length === 1 && segs[0] === 'nodes') ? [] : segmentWords(flow, [], segs);
  }
  const plain = phrase(message);
  const place = where.length > 0 ? where.join(' › ') : issue.nodeId || segs[0] === 'nodes' ? 'this node' : 'this';
  // The engine's own sentences mostly have their subject; a few start at the verb ("is not reachable…").
  const sentence = plain !== null ? `${place} ${plain}` : /^(is|must|does|has) /.test(message) ? `${place} ${withLabels(message, fields)}` : withLabels(message, fields);
  const text = capitalise(sentence.trim());
  return { subject, text: /[.!?]$/.test(text) ? text : `${text}.`, details };
}

function startFieldsOf(flow: Flow): readonly Field[] {
  const s = flow.nodes.find((n) => n.kind === 'start');
  return s?.kind === 'start' && Array.isArray(s.config.fields) ? s.config.fields : [];
}
