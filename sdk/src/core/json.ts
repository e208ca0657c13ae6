// Deterministic JSON: the same document always gives the same bytes, so git diffs of rule
// sets are small and hashes are stable. Output stays linear in the document: past INDENT_DEPTH
// levels the rest is written compactly (indenting every level made a 3,000-level draft an 18 MB
// file), and documents deeper than JSON.stringify can recurse are written by a loop.

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
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean' || v === null) return v ? 'true' : v === null ? 'null' : 'false';
  if (typeof v === 'bigint') throw new TypeError('a document cannot hold a BigInt');
  return undefined; // undefined, functions, symbols
}

const isNode = (v: unknown): v is object => typeof v === 'object' && v !== null;

interface Frame {
  v: Record<string, unknown> | unknown[];
  /** Sorted keys of an object; null for an array. */
  keys: string[] | null;
  i: number;
  /** Whether something was written into this container yet. */
  wrote: boolean;
  /** Line break and indent before each item; '' when compact. */
  nl: string;
  /** Line break and indent before the closing bracket; '' when compact. */
  end: string;
}

// JSON.stringify recurses: beyond a few thousand levels it overflows the call stack.
const NATIVE_DEPTH = 1000;

/**
 * A copy with keys in the stable order (own `__proto__` kept as data) and its depth, made by a
 * loop, so that any depth is safe.
 */
function sortedCopy(doc: object): { copy: unknown; depth: number } {
  const root: { v?: unknown } = {};
  let depth = 0;
  const stack: [unknown, Record<string, unknown> | unknown[], string | number, number][] = [[doc, root as Record<string, unknown>, 'v', 0]];
  while (stack.length > 0) {
    const [v, into, key, d] = stack.pop()!;
    let copy: unknown = v;
    if (Array.isArray(v)) {
      copy = new Array(v.length);
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], copy as unknown[], i, d + 1]);
    } else if (isNode(v)) {
      copy = {};
      const keys = Object.keys(v).sort(byKey);
      // Filled in order (the stack pops in reverse): placeholders fix the key order first.
      for (const k of keys) {
        if (k === '__proto__') Object.defineProperty(copy, k, { value: undefined, enumerable: true, writable: true, configurable: true });
        else (copy as Record<string, unknown>)[k] = undefined;
      }
      for (let i = keys.length - 1; i >= 0; i--) stack.push([(v as Record<string, unknown>)[keys[i]!], copy as Record<string, unknown>, keys[i]!, d + 1]);
    }
    if (d > depth) depth = d;
    if (key === '__proto__') Object.defineProperty(into, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else (into as Record<string | number, unknown>)[key] = copy;
  }
  return { copy: root.v, depth };
}

function write(doc: unknown, pretty: boolean): string {
  if (!isNode(doc)) return scalar(doc) ?? 'null';
  // The common case, at native speed: JSON.stringify of the sorted copy, while the copy is
  // shallow enough for it to recurse and, when indenting, to indent every level.
  const { copy, depth } = sortedCopy(doc);
  if (depth <= (pretty ? INDENT_DEPTH : NATIVE_DEPTH)) return JSON.stringify(copy, null, pretty ? 2 : undefined);
  return writeByLoop(copy as object, pretty);
}

/** The writer for documents too deep for JSON.stringify or for indenting every level. */
function writeByLoop(doc: object, pretty: boolean): string {
  const indents: string[] = [];
  const frame = (v: object, depth: number): Frame => {
    const indent = pretty && depth < INDENT_DEPTH;
    if (indent && indents[depth + 1] === undefined) indents[depth + 1] = `\n${'  '.repeat(depth + 1)}`;
    if (indent && indents[depth] === undefined) indents[depth] = `\n${'  '.repeat(depth)}`;
    return {
      v: v as Frame['v'],
      keys: Array.isArray(v) ? null : Object.keys(v).sort(byKey),
      i: 0,
      wrote: false,
      nl: indent ? indents[depth + 1]! : '',
      end: indent ? indents[depth]! : '',
    };
  };
  let out = '';
  const stack: Frame[] = [frame(doc, 0)];
  out += stack[0]!.keys ? '{' : '[';
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    const n = f.keys ? f.keys.length : (f.v as unknown[]).length;
    if (f.i === n) {
      stack.pop();
      out += f.wrote ? f.end + (f.keys ? '}' : ']') : f.keys ? '}' : ']';
      continue;
    }
    const k = f.keys ? f.keys[f.i]! : null;
    const v = k === null ? (f.v as unknown[])[f.i] : (f.v as Record<string, unknown>)[k];
    f.i++;
    const text = isNode(v) ? undefined : scalar(v);
    // Like JSON.stringify: an object drops undefined, a function or a symbol; an array writes null.
    if (k !== null && text === undefined && !isNode(v)) continue;
    out += (f.wrote ? ',' : '') + f.nl;
    f.wrote = true;
    if (k !== null) out += JSON.stringify(k) + (f.nl === '' ? ':' : ': ');
    if (!isNode(v)) out += text ?? 'null';
    else {
      const next = frame(v, stack.length);
      out += next.keys ? '{' : '[';
      stack.push(next);
    }
  }
  return out;
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
