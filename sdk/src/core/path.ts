// Plain property paths: the subset of JSONPath that json-rules-engine's resolver (jsonpath-plus)
// and ours answer identically. No filters, wildcards, slices or scripts.

// One segment after the root: `.name` or `[index]`.
const SEG = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]/y;
const IDENT = /[A-Za-z_$][\w$-]*/y;

/**
 * Splits a plain property path into segments; `null` when it is not one.
 *
 * Accepted: `$`, `""`, `$.a.b`, `$.tags[0]`, `a.b[1]` (leading `$` optional). Refused, because
 * jsonpath-plus reads them differently from what they look like: a path starting with `.` or
 * `[` without `$` (it looks up the property `""`), an index with leading zeros (`[01]` is the
 * property "01"), a segment named `$` (it means the root again).
 *
 * @example
 * parsePath('$.company.tags[0]'); // ['company', 'tags', 0]
 * parsePath('$..x');              // null
 */
export function parsePath(path: string): (string | number)[] | null {
  if (typeof path !== 'string') return null;
  const out: (string | number)[] = [];
  let i = 0;
  // `$a` is the property "$a" to jsonpath-plus; `$` is the root only before `.`/`[` or the end.
  if (path[0] === '$' && (path.length === 1 || path[1] === '.' || path[1] === '[')) i = 1;
  else if (path !== '') {
    IDENT.lastIndex = 0;
    const m = IDENT.exec(path);
    if (!m) return null;
    out.push(m[0]);
    i = IDENT.lastIndex;
  }
  while (i < path.length) {
    SEG.lastIndex = i;
    const m = SEG.exec(path);
    if (!m) return null;
    if (m[2] !== undefined) {
      const n = Number(m[2]);
      if (String(n) !== m[2]) return null;
      out.push(n);
    } else out.push(m[1]!);
    i = SEG.lastIndex;
  }
  return out.includes('$') ? null : out;
}

/**
 * Follows `segments` from `value`, reading own properties only (`Object.hasOwn`), so lead data
 * never reaches a prototype: `__proto__`, `constructor` and `toString` are undefined unless the
 * data itself has them. Like jsonpath-plus, any truthy value is followed: arrays by index (and
 * `length`), objects by key (`[0]` reads the key "0"), strings by index and `length`. A falsy
 * value (`0`, `""`, `false`, `null`) or a missing property ends in `undefined`.
 *
 * @example
 * getIn({ tags: ['a', 'b'] }, ['tags', 1]);       // 'b'
 * getIn({}, ['__proto__', 'polluted']);           // undefined
 */
export function getIn(value: unknown, segments: readonly (string | number)[]): unknown {
  let v = value;
  for (const s of segments) {
    if (!v || !Object.hasOwn(v as object, s)) return undefined;
    v = (v as Record<string | number, unknown>)[s];
  }
  return v;
}
