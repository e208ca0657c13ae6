import { describe, expect, it } from 'vitest';
import type { Flow, RuleSet } from '@sluice/schemas';
import { diffFlows, diffRuleSets, jsonEqual, leafChanges } from './diff.js';

const cond = (value: number) => ({ all: [{ fact: 'lead', path: '$.employees', operator: 'greaterThan', value }] });

function ruleSet(over: Partial<Record<string, unknown>> = {}): RuleSet {
  return {
    schemaVersion: 1,
    id: 'demo',
    name: 'Demo',
    version: 1,
    hash: 'h1',
    stages: ['Lead', 'MQL'],
    rejectStage: 'Rejected',
    scores: [{ name: 'fit' }],
    gradeVar: 'grade',
    entry: 'start',
    nodes: [
      { id: 'start', kind: 'start', config: { fields: [{ key: 'lead.employees', type: 'number' }] }, next: { next: 'fit' } },
      {
        id: 'fit',
        kind: 'score',
        label: 'Fit',
        config: { score: 'fit', rules: [{ label: 'Big', when: cond(100), points: 10 }, { label: 'Huge', when: cond(1000), points: 20 }] },
        next: { next: 'out' },
      },
      { id: 'out', kind: 'outcome', config: { stage: 'MQL' }, next: {} },
    ],
    ...over,
  } as unknown as RuleSet;
}

describe('diffRuleSets', () => {
  it('finds nothing between versions that differ only in version and hash', () => {
    const d = diffRuleSets(ruleSet(), ruleSet({ version: 2, hash: 'h2' }));
    expect(d.same).toBe(true);
    expect(d.from).toEqual({ id: 'demo', version: 1, hash: 'h1' });
    expect(d.to).toEqual({ id: 'demo', version: 2, hash: 'h2' });
  });

  it('reports added and removed nodes with their paths', () => {
    const a = ruleSet();
    const b = ruleSet();
    b.nodes.splice(2, 1, { id: 'sql', kind: 'outcome', label: 'SQL', config: { stage: 'SQL' }, next: {} } as never);
    const d = diffRuleSets(a, b);
    expect(d.same).toBe(false);
    expect(d.nodes.added).toEqual([{ id: 'sql', kind: 'outcome', label: 'SQL', path: '/nodes/2' }]);
    expect(d.nodes.removed).toEqual([{ id: 'out', kind: 'outcome', path: '/nodes/2' }]);
    // fit's next changed from out to... (unchanged here): only the two node lists differ
    expect(d.nodes.changed).toEqual([]);
  });

  it('matches score rules by label: a changed rule, an added one, a removed one', () => {
    const a = ruleSet();
    const b = ruleSet();
    const fit = b.nodes[1] as unknown as { config: { rules: unknown[] } };
    fit.config.rules = [{ label: 'Huge', when: cond(1000), points: 25 }, { label: 'Tiny', when: cond(1), points: -5 }];
    const d = diffRuleSets(a, b);
    const node = d.nodes.changed.find((n) => n.id === 'fit');
    expect(node?.path).toBe('/nodes/1');
    expect(node?.changes.map((c) => [c.op, c.part, c.path, c.label])).toEqual([
      ['changed', 'rule', '/config/rules/0', 'Huge'],
      ['added', 'rule', '/config/rules/1', 'Tiny'],
      ['removed', 'rule', '/config/rules/0', 'Big'],
    ]);
    const changed = node?.changes[0];
    expect(changed?.docPath).toBe('/nodes/1/config/rules/0');
    expect(changed?.details).toEqual([{ path: '/config/rules/0/points', before: 20, after: 25 }]);
    expect(node?.changes[2]?.docPath).toBe('/nodes/1/config/rules/0');
  });

  it('reports config fields, labels, ports and top-level fields', () => {
    const a = ruleSet();
    const b = ruleSet({ name: 'Demo 2', stages: ['Lead', 'MQL', 'SQL'] });
    const out = b.nodes[2] as unknown as { config: Record<string, unknown>; label?: string };
    out.config = { stage: 'SQL', tags: ['hot'] };
    out.label = 'Hand off';
    (b.nodes[1] as unknown as { next: Record<string, string> }).next = { next: 'out', extra: 'start' };
    const d = diffRuleSets(a, b);
    expect(d.fields.map((f) => f.path)).toEqual(['/name', '/stages']);
    const outChanges = d.nodes.changed.find((n) => n.id === 'out')?.changes ?? [];
    expect(outChanges.map((c) => [c.op, c.part, c.path])).toEqual([
      ['added', 'label', '/label'],
      ['changed', 'config', '/config/stage'],
      ['added', 'config', '/config/tags'],
    ]);
    const fitChanges = d.nodes.changed.find((n) => n.id === 'fit')?.changes ?? [];
    expect(fitChanges).toEqual([{ op: 'added', part: 'port', path: '/next/extra', docPath: '/nodes/1/next/extra', label: 'extra', after: 'start' }]);
  });

  it('falls back to positions when items have no unique key', () => {
    const a = ruleSet();
    const b = ruleSet();
    const rules = (b.nodes[1] as unknown as { config: { rules: { label: string; points: number }[] } }).config.rules;
    for (const r of rules) r.label = 'same';
    const d = diffRuleSets(a, b);
    const changes = d.nodes.changed[0]?.changes ?? [];
    expect(changes.map((c) => [c.op, c.path])).toEqual([
      ['changed', '/config/rules/0'],
      ['changed', '/config/rules/1'],
    ]);
  });

  it('result is plain JSON (no undefined values)', () => {
    const b = ruleSet();
    (b.nodes[2] as unknown as { label: string }).label = 'x';
    const d = diffRuleSets(ruleSet(), b);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});

describe('diffFlows', () => {
  const flow = (target: string): Flow =>
    ({
      schemaVersion: 1,
      id: 'f',
      name: 'F',
      nodes: [
        { id: 'start', kind: 'start', position: { x: 0, y: 0 }, config: { fields: [] } },
        { id: 'a', kind: 'outcome', position: { x: 1, y: 1 }, config: { stage: 'MQL' } },
        { id: 'b', kind: 'outcome', position: { x: 2, y: 2 }, config: { stage: 'SQL' } },
      ],
      edges: [{ id: 'e1', source: 'start', sourcePort: 'next', target }],
    }) as unknown as Flow;

  it('compares edges as ports and ignores positions', () => {
    const b = flow('b');
    (b.nodes[1] as unknown as { position: { x: number } }).position.x = 99;
    const d = diffFlows(flow('a'), b);
    expect(d.nodes.changed).toEqual([
      { id: 'start', kind: 'start', path: '/nodes/0', pathBefore: '/nodes/0', changes: [{ op: 'changed', part: 'port', path: '/next/next', docPath: '/nodes/0/next/next', label: 'next', before: 'a', after: 'b' }] },
    ]);
    expect(diffFlows(flow('a'), flow('a')).same).toBe(true);
  });
});

describe('helpers', () => {
  it('jsonEqual ignores key order', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });
  it('leafChanges lists differing leaves with pointers', () => {
    expect(leafChanges({ a: { 'x/y': 1 }, l: [1, 2] }, { a: { 'x/y': 2 }, l: [1] })).toEqual([
      { path: '/a/x~1y', before: 1, after: 2 },
      { path: '/l/1', before: 2, after: undefined },
    ]);
  });
});
