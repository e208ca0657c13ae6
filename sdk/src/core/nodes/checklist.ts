import type { ChecklistConfig, RuleChecklistNode } from '@sluice/schemas';
import { compileCondition } from '../condition.js';
import { defineKind, type NodeRun, type NodeSpec } from './spec.js';
import { TRACE } from '../trace.js';

/** Evaluation's part of the checklist kind. */
export const checklistRun: NodeRun<ChecklistConfig> = {
  ports: () => ['pass', 'fail'],
  build(node: RuleChecklistNode) {
    const items = node.config.items.map((it) => ({ id: it.id, holds: compileCondition(it.when) }));
    const min = node.config.min;
    return (s) => {
      const passed: string[] = [];
      const failed: string[] = [];
      for (const it of items) (it.holds(s.facts, s.ctx) ? passed : failed).push(it.id);
      const met = passed.length >= min;
      s.checklists[node.id] = { met, min, passed, failed };
      if (TRACE && s.tracing) {
        s.step.summary = `${passed.length} of ${items.length} (needs ${min})${failed.length ? `; failed: ${failed.join(', ')}` : ''}`;
        s.step.passed = passed;
        s.step.failed = failed;
      }
      return met ? 'pass' : 'fail';
    };
  },
};

/** N of M conditions (BANT); the result names the items that failed. */
export const checklist: NodeSpec<ChecklistConfig> = /* @__PURE__ */ defineKind(checklistRun, {
  kind: 'checklist',
  check(config, c, pointer) {
    const issues = config.items.flatMap((it, i) => c.condition(it.when, `${pointer}/items/${i}/when`));
    if (config.min > config.items.length) {
      issues.push({ path: `${pointer}/min`, message: `needs ${config.min} items but the checklist has ${config.items.length}` });
    }
    const ids = new Set<string>();
    config.items.forEach((it, i) => {
      if (ids.has(it.id)) issues.push({ path: `${pointer}/items/${i}/id`, message: `item id ${it.id} is used twice` });
      ids.add(it.id);
    });
    return issues;
  },
});
