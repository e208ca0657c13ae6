// compile and loadRuleSet on documents built to hurt: they report, in plain words and once per
// mistake, and never throw or stall. The seeded fuzz test is test/fuzz/hostile-flows.test.ts.
import { describe, expect, it } from 'vitest';
import type { Issue } from '@sluice/schemas';
import { compile } from './compile.js';
import { flowOf, mustCompile, outcomeNode } from './fixtures.test-util.js';
import { loadRuleSet } from './load.js';

const withRule = (rule: unknown) =>
  flowOf(
    [{ id: 'fit', kind: 'score', config: { score: 'fit', rules: [rule] } } as never, outcomeNode('o', 'MQL')],
    [
      ['start', 'next', 'fit'],
      ['fit', 'next', 'o'],
    ],
  );
const errorsOf = (doc: unknown): Issue[] => {
  const r = compile(doc);
  return r.ok ? [] : r.errors;
};
const attr = { label: 'VP', points: 10, when: { fact: 'lead', path: '$.title', operator: 'equal', value: 'VP' } };

describe('compile on hostile flows', () => {
  it('refuses nesting of any depth with one issue, without recursing into it', () => {
    let cond: unknown = attr.when;
    for (let i = 0; i < 100_000; i++) cond = { not: cond };
    const errors = errorsOf(withRule({ ...attr, when: cond }));
    expect(errors).toEqual([{ path: expect.stringMatching(/^\/nodes\/1\/config\/rules\/0\/when(\/not)+$/), message: 'is nested more than 64 levels deep' }]);
    let arr: unknown = [];
    for (let i = 0; i < 100_000; i++) arr = [arr];
    expect(loadRuleSet({ schemaVersion: 1, nodes: arr })).toMatchObject({ ok: false, errors: [{ message: 'is nested more than 64 levels deep' }] });
  });

  it('checks lengths before any pattern: a path that backtracked for minutes is refused at once', () => {
    // The path pattern once had nested repetition: 30 letters and a "!" took seconds, 40 hours.
    const t0 = performance.now();
    const errors = errorsOf(withRule({ ...attr, when: { ...attr.when, path: `${'a'.repeat(60)}!` } }));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(errors.map((e) => e.path)).toEqual(['/nodes/1/config/rules/0/when/path']);
    const huge = errorsOf({ ...withRule(attr), name: 'x'.repeat(2_000_000) });
    expect(huge).toEqual([{ path: '/name', message: 'is a string of 2000000 characters; at most 100000 are allowed' }]);
    expect(errorsOf({ ...withRule(attr), name: 'x'.repeat(5000) })).toEqual([{ path: '/name', message: 'must NOT have more than 200 characters' }]);
  });

  it('refuses reserved names wherever a name goes', () => {
    const reserved = (mutate: (f: Record<string, any>) => void) => {
      const f = structuredClone(withRule(attr)) as Record<string, any>;
      mutate(f);
      return errorsOf(f).map((e) => `${e.path} ${e.message}`);
    };
    const says = (p: string, name: string) => `${p} ${name} is a reserved name (__proto__, constructor, prototype would reach object prototypes)`;
    expect(reserved((f) => {
      f.nodes[2].id = 'constructor';
      f.edges[1].source = 'constructor';
      f.edges[0].target = 'constructor';
    })).toEqual([says('/nodes/2/id', 'constructor'), says('/edges/0/target', 'constructor'), says('/edges/1/source', 'constructor')]);
    expect(reserved((f) => void (f.nodes[1].config.score = 'prototype'))).toEqual([says('/nodes/1/config/score', 'prototype')]);
    expect(reserved((f) => void (f.scores = [{ name: '__proto__' }]))).toEqual([says('/scores/0/name', '__proto__')]);
    expect(reserved((f) => void f.nodes[0].config.fields.push({ key: 'lead.constructor', type: 'string' }))).toEqual([
      says('/nodes/0/config/fields/15/key', 'constructor'),
    ]);
    expect(reserved((f) => void (f.stages = ['Lead', 'MQL', 'constructor', 'Rejected']))).toEqual([says('/stages/2', 'constructor')]);
  });

  it('refuses points and bounds beyond what a score can hold', () => {
    expect(errorsOf(withRule({ ...attr, points: 1e16 }))).toEqual([{ nodeId: 'fit', path: '/nodes/1/config/rules/0/points', message: 'must be <= 1000000000000000' }]);
    expect(errorsOf(withRule({ ...attr, points: -2e15 }))).toEqual([{ nodeId: 'fit', path: '/nodes/1/config/rules/0/points', message: 'must be >= -1000000000000000' }]);
    expect(errorsOf({ ...withRule(attr), scores: [{ name: 'fit', max: 1e300 }] })).toEqual([{ path: '/scores/0/max', message: 'must be <= 1000000000000000' }]);
    expect(mustCompile(withRule({ ...attr, points: 1e15 })).nodes).toHaveLength(3);
  });

  it('says one thing per mistake, in plain words', () => {
    const { points: _p, ...noPoints } = attr;
    expect(errorsOf(withRule(noPoints))).toEqual([{ nodeId: 'fit', path: '/nodes/1/config/rules/0/points', message: 'is required' }]);
    expect(errorsOf(withRule({ ...attr, extra: 1 }))).toEqual([{ nodeId: 'fit', path: '/nodes/1/config/rules/0/extra', message: 'is not a known property' }]);
    expect(errorsOf(withRule({ ...attr, when: 'VP' }))).toEqual([{ nodeId: 'fit', path: '/nodes/1/config/rules/0/when', message: 'must be object' }]);
    expect(errorsOf(withRule({ ...attr, when: { all: {} } }))).toEqual([{ nodeId: 'fit', path: '/nodes/1/config/rules/0/when/all', message: 'must be array' }]);
    const f = structuredClone(withRule(attr)) as Record<string, any>;
    f.nodes[1].kind = 'scroe';
    expect(errorsOf(f)).toEqual([
      { nodeId: 'fit', path: '/nodes/1/kind', message: '"scroe" is not a node kind; the kinds are start, gate, score, table, checklist, set, outcome' },
    ]);
  });
});
