// The JSON view of the lead: text in, the value the form shows out — or a message saying in
// plain words what does not parse or does not fit, in which case the caller keeps its last
// good value (the form never goes blank because of a half-typed brace).
import type { EvaluationInput } from '@sluice/schemas';
import { validateEvaluationInput } from '@sluice/schemas/validators';
import type { ValidationError } from '@sluice/schemas';

export type LeadRead = { ok: true; value: EvaluationInput } | { ok: false; kind: 'parse' | 'fit'; message: string };

/** The lead as the JSON view shows it: 2-space JSON. */
export function leadText(value: EvaluationInput): string {
  return JSON.stringify(value, null, 2);
}

/**
 * The JSON view's text read as a lead: parsed, then checked against the input schema
 * (`EvaluationInput` in schemas/), the same check the runtime's score endpoint makes.
 *
 * @example
 * readLead('{"lead": {"title": "VP"}}') // { ok: true, value: { lead: { title: 'VP' } } }
 * readLead('{"lead": 1}') // { ok: false, kind: 'fit', message: 'The JSON does not fit a lead: lead must be an object.' }
 */
export function readLead(text: string): LeadRead {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, kind: 'parse', message: `The JSON does not parse: ${parseWhere(text, e).replace(/\.?$/, '.')}` };
  }
  if (!validateEvaluationInput(v)) {
    const errors = validateEvaluationInput.errors ?? [];
    return { ok: false, kind: 'fit', message: `The JSON does not fit a lead: ${errors.slice(0, 3).map(sentence).join('; ')}.` };
  }
  return { ok: true, value: v as EvaluationInput };
}

/** The parser's message, its character position given as a line and column. */
function parseWhere(text: string, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const pos = /at position (\d+)/.exec(msg);
  if (!pos) return msg;
  const before = text.slice(0, Number(pos[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${msg.slice(0, pos.index).trimEnd()} at line ${line}, column ${column}`;
}

/** `/events/2/at` → `events, item 3, at`: where, in the words of the document. */
function where(pointer: string): string {
  if (pointer === '') return 'the top level';
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? `item ${Number(s) + 1}` : s))
    .join(', ');
}

function sentence(e: ValidationError): string {
  const at = where(e.instancePath);
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return `${at} needs "${String(p.missingProperty)}"`;
    case 'additionalProperties':
      return e.instancePath === ''
        ? `"${String(p.additionalProperty)}" is not part of a lead (only lead, events and account are)`
        : `${at} has "${String(p.additionalProperty)}", which is not allowed there`;
    case 'type': {
      const t = ([] as unknown[]).concat(p.type).map((x) => (x === 'object' || x === 'array' ? `an ${x}` : `a ${String(x)}`));
      return `${at} must be ${t.join(' or ')}`;
    }
    case 'enum':
      return `${at} must be one of ${([] as unknown[]).concat(p.allowedValues).map((x) => JSON.stringify(x)).join(', ')}`;
    default:
      return `${at} ${e.message ?? 'is not valid'}`;
  }
}
