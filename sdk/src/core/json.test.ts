import { describe, expect, it } from 'vitest';
import { canonicalJson, stringifyDocument } from './json.js';

describe('stringifyDocument', () => {
  it('orders keys the same way whatever the input order', () => {
    const a = stringifyDocument({ nodes: [{ config: { b: 1, a: 2 }, id: 'x', kind: 'gate' }], id: 'f', schemaVersion: 1 });
    const b = stringifyDocument({ schemaVersion: 1, id: 'f', nodes: [{ kind: 'gate', id: 'x', config: { a: 2, b: 1 } }] });
    expect(a).toBe(b);
    expect(a.endsWith('}\n')).toBe(true);
    expect(a.indexOf('"schemaVersion"')).toBeLessThan(a.indexOf('"id"'));
    expect(a.indexOf('"id"')).toBeLessThan(a.indexOf('"nodes"'));
  });
  it('keeps array order, drops undefined and never touches prototypes', () => {
    const doc = JSON.parse('{"z":[3,1,2],"__proto__":{"polluted":true},"u":null}');
    doc.skip = undefined;
    const out = canonicalJson(doc);
    expect(out).toBe('{"__proto__":{"polluted":true},"u":null,"z":[3,1,2]}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// The writer before it was a loop: JSON.stringify of a key-sorted copy.
function reference(v: unknown, indent?: number): string {
  const sort = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (x === null || typeof x !== 'object') return x;
    const out: Record<string, unknown> = {};
    const first = ['$schema', 'schemaVersion', 'id', 'kind', 'name', 'label', 'description', 'version', 'hash'];
    const r = (k: string) => (first.includes(k) ? first.indexOf(k) : first.length);
    for (const k of Object.keys(x).sort((a, b) => r(a) - r(b) || (a < b ? -1 : a > b ? 1 : 0))) {
      Object.defineProperty(out, k, { value: sort((x as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return JSON.stringify(sort(v), null, indent);
}

describe('the writer on any document', () => {
  it('writes what JSON.stringify writes, byte for byte, for documents of normal depth', () => {
    const doc = {
      id: 'x', n: [1, -0, 2.5, 1e21, NaN, Infinity, null, true, 'é"\\\n\u2028'], e: {}, a: [], u: undefined, f: () => 1,
      nested: { list: [[], [{}], [undefined, () => 2]], s: 'ok', z: { y: { x: [1, { w: 'deep' }] } } },
    };
    expect(stringifyDocument(doc)).toBe(`${reference(doc, 2)}\n`);
    expect(canonicalJson(doc)).toBe(reference(doc));
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson('s')).toBe('"s"');
    expect(canonicalJson(undefined)).toBe('null');
  });
  it('stays linear in the document however deep it is, and never overflows the stack', () => {
    const deep = (n: number) => {
      const root: Record<string, unknown> = {};
      let cur = root;
      for (let i = 0; i < n; i++) cur = (cur.a = {}) as Record<string, unknown>;
      return root;
    };
    // Indenting every level wrote 18 MB for 3,000 levels (2 bytes × depth per line).
    const text = stringifyDocument(deep(3000));
    expect(text.length).toBeLessThan(3000 * 6 + 4000);
    expect(text.replace(/\s/g, '')).toBe(canonicalJson(deep(3000)));
    // 100,000 levels: the old recursive writer threw RangeError.
    const many = canonicalJson(deep(100_000));
    expect(many.length).toBe(100_000 * 6 + 2);
    const arrays = stringifyDocument(JSON.parse(`${'['.repeat(50_000)}${']'.repeat(50_000)}`));
    expect(arrays.length).toBeLessThan(50_000 * 2 + 4000);
  });
});
