// Bounds every document loader checks first, before the JSON Schema, the compiler or a writer
// sees the document: validators, checks and writers recurse and run patterns, so a document
// nested thousands deep or holding a string of megabytes must be refused by a loop that only
// looks at sizes.
import type { Issue } from './issues.js';

/** Deepest nesting of objects and arrays a flow, rule set or cases file may have. */
export const MAX_DEPTH = 64;
/** Longest string (or property name) a document may hold, in UTF-16 units. */
export const MAX_STRING = 100_000;

/**
 * What makes a document too big to look at: nesting deeper than `MAX_DEPTH`, a string or a
 * property name longer than `MAX_STRING`. One issue per kind of excess (the first place found),
 * so a hostile document gives two lines at most. Iterative: any depth is safe to pass in.
 *
 * @example
 * limitIssues(JSON.parse(text)); // [] or [{ path: '/nodes/0/config/...', message: 'is nested ...' }]
 */
export function limitIssues(doc: unknown): Issue[] {
  const issues: Issue[] = [];
  let deep = false;
  let long = false;
  // Pointers are built only for a place reported: building one per value would be quadratic.
  const stack: { v: unknown; depth: number; parent: number; key: string }[] = [{ v: doc, depth: 0, parent: -1, key: '' }];
  const seen: { parent: number; key: string }[] = [];
  const pointer = (at: number) => {
    const parts: string[] = [];
    for (let i = at; i > 0; i = seen[i]!.parent) parts.push(seen[i]!.key.replace(/~/g, '~0').replace(/\//g, '~1'));
    return parts.length === 0 ? '/' : `/${parts.reverse().join('/')}`;
  };
  while (stack.length > 0 && !(deep && long)) {
    const { v, depth, parent, key } = stack.pop()!;
    const at = seen.push({ parent, key }) - 1;
    if (typeof v === 'string') {
      if (v.length > MAX_STRING && !long) {
        long = true;
        issues.push({ path: pointer(at), message: `is a string of ${v.length} characters; at most ${MAX_STRING} are allowed` });
      }
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_DEPTH) {
      if (!deep) {
        deep = true;
        issues.push({ path: pointer(at), message: `is nested more than ${MAX_DEPTH} levels deep` });
      }
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], depth: depth + 1, parent: at, key: String(i) });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (k.length > MAX_STRING && !long) {
        long = true;
        issues.push({ path: pointer(at), message: `has a property name of ${k.length} characters; at most ${MAX_STRING} are allowed` });
      }
      stack.push({ v: (v as Record<string, unknown>)[k], depth: depth + 1, parent: at, key: k.length > 200 ? `${k.slice(0, 200)}…` : k });
    }
  }
  return issues;
}
