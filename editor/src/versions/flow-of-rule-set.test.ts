import { readFileSync, readdirSync } from 'node:fs';
import type { Flow, RuleSet } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { compile } from '../engine.js';
import { flowOfRuleSet, layoutOf } from './flow-of-rule-set.js';

const dir = new URL('../../../examples/', import.meta.url);
const examples = readdirSync(dir).filter((f) => f.endsWith('.flow.json')).map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Flow);

function published(flow: Flow, version = 3): RuleSet {
  const r = compile({ ...flow, version });
  if (!r.ok) throw new Error(`${flow.id} does not compile`);
  return r.ruleSet;
}

describe('a published version as a flow', () => {
  it.each(examples.map((f) => [f.id, f] as const))('%s compiles back to the version it came from', (_id, flow) => {
    const rs = published(flow);
    const back = compile(flowOfRuleSet(rs));
    expect(back.ok && back.ruleSet).toEqual(rs);
  });

  it('stands where the draft has its nodes, with the draft\'s notes', () => {
    const flow = examples.find((f) => f.id === 'bant-handoff')!;
    const rs = published(flow);
    const noted = { ...flow, nodes: flow.nodes.map((n, i) => (i === 0 ? { ...n, description: 'why it starts here' } : n)) } as Flow;
    const back = flowOfRuleSet(rs, layoutOf(noted));
    for (const n of flow.nodes) expect(back.nodes.find((b) => b.id === n.id)?.position).toEqual(n.position);
    expect(back.nodes.find((b) => b.id === flow.nodes[0]!.id)?.description).toBe('why it starts here');
  });

  it('places nodes the draft no longer has below a parent, overlapping nothing', () => {
    const flow = examples.find((f) => f.id === 'waterfall-6-layer')!;
    const rs = published(flow);
    const gone = rs.nodes.filter((n) => n.kind === 'outcome').map((n) => n.id);
    const draft = { ...flow, nodes: flow.nodes.filter((n) => !gone.includes(n.id)) };
    const back = flowOfRuleSet(rs, layoutOf(draft));
    const ps = back.nodes.map((n) => n.position!);
    for (let i = 0; i < ps.length; i++) {
      for (let j = i + 1; j < ps.length; j++) expect(Math.abs(ps[i]!.x - ps[j]!.x) >= 260 || Math.abs(ps[i]!.y - ps[j]!.y) >= 170).toBe(true);
    }
    for (const id of gone) {
      const parent = back.edges.find((e) => e.target === id)!;
      expect(back.nodes.find((n) => n.id === id)!.position!.y).toBeGreaterThan(back.nodes.find((n) => n.id === parent.source)!.position!.y);
    }
  });

  it('keeps the version number, so the test panel runs it as that version', () => {
    const rs = published(examples[0]!, 7);
    expect(flowOfRuleSet(rs).version).toBe(7);
  });
});
