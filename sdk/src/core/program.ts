import type { RuleNode, RuleSet } from '@sluice/schemas';
import { RuleSetError } from './errors.js';
import { NODE_RUNNERS } from './nodes/runners.js';
import type { Run } from './state.js';
import type { Issue } from './types.js';
import { isObject } from './util.js';

/** A rule set turned into closures, once; evaluating a lead walks these. */
export interface Program {
  ruleSet: RuleSet;
  entry: string;
  steps: Map<string, { node: RuleNode; run: Run; next: Record<string, string> }>;
  scoreNames: string[];
}

const cache = new WeakMap<object, Program>();

/**
 * The compiled program of a rule set, built on first use and cached per rule-set object.
 * Checks the structure evaluation relies on (known kinds, existing targets, required ports);
 * full validation is `loadRuleSet`'s job, which browsers need not ship.
 */
export function programOf(ruleSet: RuleSet): Program {
  if (!isObject(ruleSet)) throw new RuleSetError([{ path: '/', message: 'a rule set must be an object' }]);
  let p = cache.get(ruleSet);
  if (!p) {
    p = build(ruleSet);
    cache.set(ruleSet, p);
  }
  return p;
}

function build(ruleSet: RuleSet): Program {
  const issues: Issue[] = [];
  const nodes = Array.isArray(ruleSet.nodes) ? ruleSet.nodes : [];
  if (nodes.length === 0) issues.push({ path: '/nodes', message: 'a rule set needs nodes' });
  const ids = new Set(nodes.map((n) => n?.id));
  // Each declared score by name: its min and max bound what score nodes add up.
  const bounds = Object.fromEntries((ruleSet.scores ?? []).map((s) => [s.name, s]));
  const steps: Program['steps'] = new Map();
  nodes.forEach((node, i) => {
    const spec = isObject(node) ? NODE_RUNNERS[node.kind] : undefined;
    if (!spec || !isObject(node.config)) return issues.push({ path: `/nodes/${i}`, message: 'is not a node of a known kind' });
    const next = isObject(node.next) ? (node.next as Record<string, string>) : {};
    for (const port of spec.ports(node.config)) {
      const target = next[port];
      if (target === undefined ? !spec.optionalPorts?.includes(port) : !ids.has(target)) {
        issues.push({ nodeId: node.id, path: `/nodes/${i}/next/${port}`, message: target === undefined ? 'is not connected' : `leads to unknown node ${target}` });
      }
    }
    try {
      steps.set(node.id, { node, run: spec.build(node, { ruleSet, bounds }), next });
    } catch (e) {
      issues.push({ nodeId: node.id, path: `/nodes/${i}/config`, message: e instanceof Error ? e.message : String(e) });
    }
  });
  if (!steps.has(ruleSet.entry)) issues.push({ path: '/entry', message: `no node has the id ${String(ruleSet.entry)}` });
  if (issues.length > 0) throw new RuleSetError(issues);
  return { ruleSet, entry: ruleSet.entry, steps, scoreNames: (ruleSet.scores ?? []).map((s) => s.name) };
}
