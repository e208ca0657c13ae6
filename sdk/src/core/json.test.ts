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
