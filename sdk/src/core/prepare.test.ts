// The browser bundles swap expr/assign.ts for expr/assign.browser.ts (sdk/scripts/build.mjs);
// this file does the same, so evaluate() here runs set nodes from the parsed form only, the
// way sluice.min.js does. compileExpression (the parser's own closures) is the reference.
import { describe, expect, it, vi } from 'vitest';
import type { FlowNode, RuleSet, RuleSetNode } from '@sluice/schemas';
import { compile, contentHash } from './compile.js';
import { RuleSetError } from './errors.js';
import { evaluate } from './evaluate.js';
import { compileExpression } from './expr/index.js';
import { flowOf, mustCompile, NOW, outcomeNode } from './fixtures.test-util.js';
import { loadRuleSet } from './load.js';
import { prepareForBrowser, withoutParsedForms } from './prepare.js';

vi.mock('./expr/assign.js', () => import('./expr/assign.browser.js'));

// Every operator and function of the language at least once (docs/expressions.md).
const EXPRS = [
  '1 + 2 * 3 - 4 / 2 % 3', '-lead.employees', '!lead.budget', 'not (1 < 2) or 2 <= 2 and 3 > 2 && 3 >= 4 || false',
  'lead.employees == 250 ? "mid" : "other"', 'lead.pain ?? "none"', '"vip" in lead.tags', 'lead.tags[0] != "eu"',
  'lead["employees"] + lead.company.size', '[1, "a", [true, null]]', 'concat(lower("A"), upper("b"), trim(" c "))',
  'len(lead.tags) + len("abc")', 'contains(lead.tags, "eu")', 'startsWith(lead.email, "ada") and endsWith(lead.email, ".com")',
  'round(2.345, 2) + floor(2.7) + ceil(2.1) + abs(-3)', 'min(3, [1, 2]) + max(3, [1, 2]) + clamp(120, 0, 100)',
  'coalesce(null, lead.title, "x")', 'number(" 42 ") + number(true)', 'string([1, 2])', 'date("2024-01-02")',
  'round(daysSince(lead.createdAt), 3)', 'daysBetween("2024-01-01", "2024-01-31")', 'addDays("2024-01-01", 1)', 'now()',
  'count(events) + sum(events, "points")', 'some(events, "type", "demo_request")', 'countWhere(events, "type", "pricing_view")',
  'if(lead.employees > 500, "enterprise", "smb")', '[10, 20][1] + lead.company["size"]',
];
const LEAD = { employees: 250, tags: ['vip', 'eu'], email: 'ada@acme.com', company: { size: 5 }, createdAt: '2024-01-01', budget: true };
const EVENTS = [
  { type: 'pricing_view', at: '2026-11-20T10:00:00Z', points: 3 },
  { type: 'demo_request', at: '2026-11-21T10:00:00Z', points: 10 },
];

function setFlow(exprs: string[]) {
  const calc = { id: 'calc', kind: 'set', config: { assign: exprs.map((expr, i) => ({ name: `v${i}`, expr })) } } as FlowNode;
  return flowOf([calc, outcomeNode('done', 'MQL')], [['start', 'next', 'calc'], ['calc', 'next', 'done']]);
}

describe('prepareForBrowser', () => {
  const ruleSet = mustCompile(setFlow(EXPRS));
  const prepared = prepareForBrowser(ruleSet);

  it('gives every assignment its parsed form and changes nothing else, the hash included', () => {
    const calc = prepared.nodes.find((n) => n.id === 'calc') as RuleSetNode;
    expect(calc.config.assign.every((a) => a.ast !== undefined)).toBe(true);
    expect(calc.config.assign[0]!.ast).toEqual(['-', ['+', 1, ['*', 2, 3]], ['%', ['/', 4, 2], 3]]);
    expect(withoutParsedForms(prepared)).toEqual(ruleSet);
    expect(prepared.hash).toBe(ruleSet.hash);
    expect(contentHash(prepared)).toBe(ruleSet.hash);
    expect(loadRuleSet(JSON.parse(JSON.stringify(prepared))).ok).toBe(true);
  });

  it('runs set nodes from the parsed form exactly as the parser runs the source', () => {
    const vars = evaluate(prepared, { lead: LEAD, events: EVENTS }, { now: NOW }).vars as Record<string, unknown>;
    const scope = { lead: LEAD, account: undefined, events: EVENTS, scores: {}, vars: {} };
    EXPRS.forEach((src, i) => {
      const c = compileExpression(src);
      if (!c.ok) throw new Error(`${src}: ${JSON.stringify(c.issues)}`);
      expect(vars[`v${i}`], src).toEqual(c.value.run(scope, { nowMs: Date.parse(NOW) }));
    });
    expect(vars.v1).toBe(-250);
    expect(vars.v28).toBe(25);
  });

  it('in the browser build, a rule set that was not prepared is refused with the node and the reason', () => {
    expect(() => evaluate(ruleSet, { lead: LEAD }, { now: NOW })).toThrow(RuleSetError);
    try {
      evaluate(ruleSet, { lead: LEAD }, { now: NOW });
    } catch (e) {
      expect((e as RuleSetError).errors[0]).toMatchObject({ nodeId: 'calc', path: '/nodes/1/config' });
      expect((e as RuleSetError).errors[0]!.message).toMatch(/prepareForBrowser/);
    }
  });

  it('in the browser build, a parsed form it does not understand is refused, not run', () => {
    const broken = structuredClone(prepared) as RuleSet;
    (broken.nodes[1] as RuleSetNode).config.assign[0]!.ast = ['eval', 1, 2];
    expect(() => evaluate(broken, { lead: LEAD }, { now: NOW })).toThrow(/unknown operator eval/);
    (broken.nodes[1] as RuleSetNode).config.assign[0]!.ast = ['(', 'constructor', 1];
    expect(() => evaluate(broken, { lead: LEAD }, { now: NOW })).toThrow(/unknown function constructor/);
  });

  it('replaces a parsed form a rule set already carries, and drops it where the source does not parse', () => {
    const stale = structuredClone(ruleSet) as RuleSet;
    const assign = (stale.nodes[1] as RuleSetNode).config.assign;
    assign[0]!.ast = ['q', 'stale'];
    assign[1] = { name: 'v1', expr: '1 +', ast: ['q', 'stale'] };
    const again = (prepareForBrowser(stale).nodes[1] as RuleSetNode).config.assign;
    expect(again[0]!.ast).toEqual((prepared.nodes[1] as RuleSetNode).config.assign[0]!.ast);
    expect(again[1]).toEqual({ name: 'v1', expr: '1 +' });
  });

  it('compile drops a parsed form written into a flow: it is derived, never authored', () => {
    const flow = setFlow(['1 + 1']);
    (flow.nodes[1] as { config: { assign: Record<string, unknown>[] } }).config.assign[0]!.ast = ['q', 'stale'];
    const r = compile(flow);
    expect(r.ok && (r.ruleSet.nodes[1] as RuleSetNode).config.assign[0]).toEqual({ name: 'v0', expr: '1 + 1' });
  });
});
