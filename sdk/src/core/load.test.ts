import { describe, expect, it } from 'vitest';
import { flowOf, mustCompile, NOW, outcomeNode } from './fixtures.test-util.js';
import { evaluate } from './evaluate.js';
import { RuleSetError } from './errors.js';
import { loadRuleSet } from './load.js';

const ruleSet = () =>
  mustCompile(
    flowOf(
      [
        { id: 'g', kind: 'gate', config: { reason: 'r', condition: { fact: 'lead', path: '$.employees', operator: 'greaterThan', value: 5 } } },
        outcomeNode('o', 'MQL'),
      ],
      [
        ['start', 'next', 'g'],
        ['g', 'pass', 'o'],
      ],
    ),
  );

describe('loadRuleSet', () => {
  it('accepts what compile produced, also after a JSON round trip', () => {
    const r = loadRuleSet(JSON.parse(JSON.stringify(ruleSet())));
    expect(r.ok).toBe(true);
  });

  it('refuses a rule set edited after compiling (hash mismatch)', () => {
    const rs = ruleSet();
    (rs.nodes[1]!.config as { reason: string }).reason = 'edited';
    const r = loadRuleSet(rs);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ path: '/hash' });
  });

  it('refuses a webhook URL edited by hand, added or removed (webhooks are covered by the hash)', () => {
    const withHook = mustCompile({ ...flowOf([outcomeNode('o', 'MQL')], [['start', 'next', 'o']]), webhooks: [{ url: 'https://crm.example/hook' }] });
    expect(loadRuleSet(withHook).ok).toBe(true);
    const edited = { ...withHook, webhooks: [{ url: 'https://attacker.example/hook' }] };
    const added = { ...ruleSet(), webhooks: [{ url: 'https://attacker.example/hook' }] };
    const { webhooks: _w, ...removed } = withHook;
    for (const rs of [edited, added, removed]) {
      const r = loadRuleSet(rs);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]).toMatchObject({ path: '/hash' });
    }
  });

  it('reports every problem with node and field', () => {
    const rs = ruleSet() as unknown as Record<string, unknown> & { nodes: Record<string, unknown>[] };
    rs.nodes[1]!.next = { pass: 'ghost' };
    (rs.nodes[2]!.config as Record<string, unknown>).stage = 'Nowhere';
    const r = loadRuleSet(rs);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.nodeId, e.path])).toEqual(
      expect.arrayContaining([
        [undefined, '/hash'],
        ['o', '/nodes/2/config/stage'],
      ]),
    );
  });

  it('refuses schema violations and future versions with a reason', () => {
    expect(loadRuleSet({ schemaVersion: 1 }).ok).toBe(false);
    const r = loadRuleSet({ ...ruleSet(), schemaVersion: 2 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/newer Sluice/);
  });
});

describe('evaluate with a malformed rule set', () => {
  it('throws RuleSetError naming the node, not a TypeError from deep inside', () => {
    const rs = ruleSet();
    rs.nodes[1]!.next = { pass: 'ghost' };
    expect(() => evaluate(rs, { lead: {} }, { now: NOW })).toThrow(RuleSetError);
    try {
      evaluate(rs, { lead: {} }, { now: NOW });
    } catch (e) {
      expect((e as RuleSetError).errors).toEqual([{ nodeId: 'g', path: '/nodes/1/next/pass', message: 'leads to unknown node ghost' }]);
    }
  });
});
