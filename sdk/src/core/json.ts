// Deterministic JSON: the same document always gives the same bytes, so git diffs of rule
// sets are small and hashes are stable. One writer for both forms, a loop with its own stack:
// any depth is written without overflowing the call stack, and past INDENT_DEPTH levels the
// rest is written compactly, so the output stays linear in the document (indenting every level
// made a 3,000-level draft an 18 MB file).

// Keys people look for first; all others follow in code-point order.
const FIRST = ['$schema', 'schemaVersion', 'id', 'kind', 'name', 'label', 'description', 'version', 'hash'];
const rank = (k: string) => {
  const i = FIRST.indexOf(k);
  return i < 0 ? FIRST.length : i;
};
const byKey = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);

/** Deeper than this, documents are written without line breaks (real documents stay above ~16). */
export const INDENT_DEPTH = 32;

// What JSON.stringify writes for a value that is not an object or array (undefined: nothing).
function scalar(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return JSON.stringify(v);
  if (typeof v === 'bigint') throw new TypeError('a document cannot hold a BigInt');
  return undefined; // undefined, functions, symbols
}

interface Frame {
  close: string;
  /** Items still to write: [key or null, value]. */
  items: [string | null, unknown][];
  i: number;
  indent: string | null;
  outer: string;
}

function write(doc: unknown, pretty: boolean): string {
  const out: string[] = [];
  const open = (v: object, depth: number): Frame | string => {
    const arr = Array.isArray(v);
    const items: [string | null, unknown][] = arr
      ? (v as unknown[]).map((x) => [null, x])
      : Object.keys(v)
          .sort(byKey)
          .flatMap((k) => {
            const x = (v as Record<string, unknown>)[k];
            return typeof x === 'object' && x !== null ? [[k, x]] : scalar(x) === undefined ? [] : [[k, x]];
          });
    if (items.length === 0) return arr ? '[]' : '{}';
    const indent = pretty && depth < INDENT_DEPTH ? '  '.repeat(depth + 1) : null;
    out.push(arr ? '[' : '{');
    return { close: arr ? ']' : '}', items, i: 0, indent, outer: indent === null ? '' : '  '.repeat(depth) };
  };
  const top = typeof doc === 'object' && doc !== null ? open(doc, 0) : (scalar(doc) ?? 'null');
  if (typeof top === 'string') return top;
  const stack: Frame[] = [top];
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.i === f.items.length) {
      stack.pop();
      out.push(f.indent === null ? f.close : `\n${f.outer}${f.close}`);
      continue;
    }
    const [k, v] = f.items[f.i]!;
    if (f.i > 0) out.push(',');
    f.i++;
    if (f.indent !== null) out.push('\n', f.indent);
    if (k !== null) out.push(JSON.stringify(k), f.indent === null ? ':' : ': ');
    if (typeof v === 'object' && v !== null) {
      const next = open(v, stack.length);
      if (typeof next === 'string') out.push(next);
      else stack.push(next);
    } else out.push(scalar(v) ?? 'null');
  }
  return out.join('');
}

/**
 * Serialises a flow, rule set or cases file the way Sluice writes files: stable key order,
 * two-space indent, trailing newline. Same as `JSON.stringify` with sorted keys and an indent
 * of 2, except that nesting deeper than `INDENT_DEPTH` is written on one line. Own `__proto__`
 * keys are written as data.
 *
 * @example
 * writeFileSync('lead-scoring.ruleset.json', stringifyDocument(ruleSet));
 */
export function stringifyDocument(doc: unknown): string {
  return `${write(doc, true)}\n`;
}

/** Compact canonical form, used for content hashes. */
export function canonicalJson(doc: unknown): string {
  return write(doc, false);
}
