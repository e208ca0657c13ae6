import { describe, expect, it } from 'vitest';
import { compile } from './compile.js';
import { FIELDS, flowOf, mustCompile, outcomeNode, startNode } from './fixtures.test-util.js';
import { stringifyDocument } from './json.js';

const gateFlow = () =>
  flowOf(
    [
      { id: 'icp', kind: 'gate', config: { reason: 'too_small', condition: { fact: 'lead', path: 'employees', operator: 'greaterThanInclusive', value: 50 } } },
      outcomeNode('mql', 'MQL'),
    ],
    [
      ['start', 'next', 'icp'],
      ['icp', 'pass', 'mql'],
    ],
  );

describe('compile', () => {
  it('compiles a valid flow into a rule set in evaluation order with a content hash', () => {
    const rs = mustCompile(gateFlow());
    expect(rs.nodes.map((n) => n.id)).toEqual(['start', 'icp', 'mql']);
    expect(rs.entry).toBe('start');
    expect(rs.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(rs.version).toBe(1);
    expect(rs.stages).toContain('Rejected');
    expect(rs.nodes[1]!.next).toEqual({ pass: 'mql' });
    // conditions normalised: the plain path gets the canonical `$.` spelling
    expect((rs.nodes[1]!.config as { condition: { path: string } }).condition.path).toBe('$.employees');
    // no layout in a rule set
    expect(JSON.stringify(rs)).not.toContain('position');
  });

  it('is deterministic: the same flow gives byte-identical output, whatever the key or node order', () => {
    const a = gateFlow();
    const b = structuredClone(a);
    b.nodes = [b.nodes[2]!, b.nodes[0]!, b.nodes[1]!].map((n) => ({ ...n, position: { x: 5, y: 5 } }));
    const ra = compile(a);
    const rb = compile(JSON.parse(JSON.stringify(b)));
    expect(ra.ok && rb.ok).toBe(true);
    if (ra.ok && rb.ok) expect(stringifyDocument(ra.ruleSet)).toBe(stringifyDocument(rb.ruleSet));
  });

  it('hashes content, not version: a new version of the same rules has the same hash', () => {
    const v1 = mustCompile(gateFlow());
    const v2 = mustCompile({ ...gateFlow(), version: 2 });
    expect(v2.version).toBe(2);
    expect(v2.hash).toBe(v1.hash);
    const changed = gateFlow();
    (changed.nodes[1]!.config as { reason: string }).reason = 'other';
    expect(mustCompile(changed).hash).not.toBe(v1.hash);
  });

  it('reports every schema error with node id and path, not only the first', () => {
    const flow = gateFlow() as unknown as { nodes: { config: Record<string, unknown> }[] };
    flow.nodes[1]!.config.condition = { fact: 'lead', operator: 'nope', value: 1 };
    flow.nodes[2]!.config.bogus = true;
    const r = compile(flow);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: 'icp', path: '/nodes/1/config/condition/operator' }),
        expect.objectContaining({ nodeId: 'mql', path: '/nodes/2/config/bogus' }),
      ]),
    );
  });

  it('checks the graph: start, ids, ports, cycles, reachability, connections', () => {
    const r = compile({
      schemaVersion: 1,
      id: 'bad',
      name: 'Bad',
      nodes: [
        startNode(),
        startNode(),
        { id: 'g', kind: 'gate', config: { reason: 'r', condition: { all: [] } } },
        { id: 's', kind: 'score', config: { score: 'fit', rules: [] } },
        outcomeNode('o', 'MQL'),
        outcomeNode('lonely', 'MQL'),
      ],
      edges: [
        { id: 'a', source: 'start', sourcePort: 'next', target: 'g' },
        { id: 'b', source: 'g', sourcePort: 'pass', target: 's' },
        { id: 'c', source: 's', sourcePort: 'next', target: 'g' },
        { id: 'd', source: 'g', sourcePort: 'maybe', target: 'o' },
        { id: 'e', source: 'o', sourcePort: 'next', target: 'g' },
        { id: 'f', source: 'g', sourcePort: 'pass', target: 'ghost' },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = r.errors.map((e) => `${e.nodeId ?? '-'} ${e.path} ${e.message}`).join('\n');
    expect(messages).toContain('node id start is used twice');
    expect(messages).toMatch(/g .*cycle: g → s → g/);
    expect(messages).toContain('gate node g has no port maybe');
    expect(messages).toContain('outcome node o has no port next; it has no out-ports');
    expect(messages).toContain('no node has the id ghost');
    expect(messages).toMatch(/lonely \/nodes\/5 is not reachable from the start node/);
  });

  it('requires every non-optional port to be connected; a gate may leave reject open', () => {
    const flow = flowOf(
      [
        { id: 'bant', kind: 'checklist', config: { min: 1, items: [{ id: 'budget', label: 'Budget', when: { fact: 'lead', path: '$.budget', operator: 'equal', value: true } }] } },
        outcomeNode('sql', 'SQL'),
      ],
      [
        ['start', 'next', 'bant'],
        ['bant', 'pass', 'sql'],
      ],
    );
    const r = compile(flow);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual({ nodeId: 'bant', path: '/nodes/1', message: 'port fail is not connected' });
    expect(compile(gateFlow()).ok).toBe(true);
  });

  it('refuses fields the start node does not declare and operators that do not fit', () => {
    const flow = flowOf(
      [
        {
          id: 'g',
          kind: 'gate',
          config: {
            reason: 'r',
            condition: {
              all: [
                { fact: 'lead', path: '$.favouriteColour', operator: 'equal', value: 'red' },
                { fact: 'lead', path: '$.title', operator: 'contains', value: 'VP' },
                { fact: 'scores', path: '$.nope', operator: 'greaterThan', value: 1 },
                { fact: 'weather', operator: 'equal', value: 'sunny' },
                { fact: 'lead', path: '$.company.size', operator: 'greaterThan', value: 1 },
                { fact: 'lead', path: '$.tags', operator: 'contains', value: 'vip' },
              ],
            },
          },
        },
        outcomeNode('o', 'MQL'),
      ],
      [
        ['start', 'next', 'g'],
        ['g', 'pass', 'o'],
      ],
    );
    const r = compile(flow);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e.message]));
    expect(byPath['/nodes/1/config/condition/all/0/fact']).toBe('lead.favouriteColour is not declared by the start node');
    expect(byPath['/nodes/1/config/condition/all/1/operator']).toMatch(/^contains does not fit a string; use one of/);
    expect(byPath['/nodes/1/config/condition/all/2/fact']).toMatch(/no node sets a score named nope/);
    expect(byPath['/nodes/1/config/condition/all/3/fact']).toMatch(/weather is not a fact/);
    expect(r.errors).toHaveLength(4); // lead.company is an object: its properties are free; tags is a list
    expect(r.errors.every((e) => e.nodeId === 'g')).toBe(true);
  });

  it('checks stages, table ports, checklist sizes and expressions', () => {
    const flow = flowOf(
      [
        { id: 'b', kind: 'checklist', config: { min: 3, items: [{ id: 'x', label: 'X', when: { all: [] } }] } },
        { id: 'v', kind: 'set', config: { assign: [{ name: 'y', expr: 'lead.nope * 2' }, { name: 'z', expr: '1 +' }] } },
        { id: 't', kind: 'table', config: { hitPolicy: 'first', outputs: [{ name: 'tier' }], ports: ['hot', 'cold'], rows: [{ when: { all: [] }, values: { tier: 1, other: 2 }, port: 'warm' }] } },
        outcomeNode('o', 'Hot'),
      ],
      [
        ['start', 'next', 'b'],
        ['b', 'pass', 'v'],
        ['b', 'fail', 'o'],
        ['v', 'next', 't'],
        ['t', 'hot', 'o'],
        ['t', 'cold', 'o'],
      ],
    );
    const r = compile(flow);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.errors.map((e) => `${e.nodeId} ${e.path}: ${e.message}`).join('\n');
    expect(text).toContain('b /nodes/1/config/min: needs 3 items but the checklist has 1');
    expect(text).toContain('v /nodes/2/config/assign/0/expr: lead.nope is not declared by the start node');
    expect(text).toMatch(/v \/nodes\/2\/config\/assign\/1\/expr: .+/);
    expect(text).toContain('t /nodes/3/config/rows/0/port: warm is not one of the table\'s ports (hot, cold)');
    expect(text).toContain('t /nodes/3/config/rows/0/values/other: other is not a declared output');
    expect(text).toContain('t /nodes/3/config/default: is required');
    expect(text).toContain('o /nodes/4/config/stage: Hot is not one of the rule set\'s stages');
  });

  it('refuses variable names that would reach a prototype', () => {
    const flow = flowOf(
      [{ id: 'v', kind: 'set', config: { assign: [{ name: '__proto__', expr: '1' }] } }, outcomeNode('o', 'MQL')],
      [
        ['start', 'next', 'v'],
        ['v', 'next', 'o'],
      ],
    );
    const r = compile(flow);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([{ nodeId: 'v', path: '/nodes/1/config/assign/0/name', message: '__proto__ is a reserved name (__proto__, constructor, prototype would reach object prototypes)' }]);
  });

  it('migrates a version-0 draft (React Flow names) and refuses a newer schemaVersion', () => {
    const v0 = {
      id: 'old',
      name: 'Old',
      nodes: [
        { id: 'start', type: 'start', data: { fields: FIELDS } },
        { id: 'o', type: 'outcome', data: { stage: 'MQL' } },
      ],
      edges: [{ id: 'e', source: 'start', sourceHandle: 'next', target: 'o' }],
    };
    expect(compile(v0).ok).toBe(true);
    const r = compile({ ...gateFlow(), schemaVersion: 9 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/newer Sluice/);
  });

  it('answers garbage with errors, never an exception', () => {
    for (const junk of [null, 42, 'flow', [], { nodes: 'x' }, { schemaVersion: 1 }]) {
      const r = compile(junk);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
    }
  });
});
