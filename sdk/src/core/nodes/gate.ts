import type { GateConfig, RuleGateNode } from '@sluice/schemas';
import { compileCondition } from '../condition.js';
import { defineKind, type NodeRun, type NodeSpec } from './spec.js';
import { TRACE } from '../trace.js';

/** Evaluation's part of the gate kind. */
export const gateRun: NodeRun<GateConfig> = {
  ports: () => ['pass', 'reject'],
  optionalPorts: ['reject'],
  build(node: RuleGateNode) {
    const holds = compileCondition(node.config.condition);
    const { reason, message } = node.config;
    return (s) => {
      if (holds(s.facts, s.ctx)) {
        if (TRACE && s.tracing) s.step.summary = 'passed';
        return 'pass';
      }
      s.rejected = message === undefined ? { nodeId: node.id, reason } : { nodeId: node.id, reason, message };
      if (TRACE && s.tracing) s.step.summary = `rejected: ${reason}`;
      return 'reject';
    };
  },
};

/** A condition; a lead that fails it is rejected with the gate's reason, never scored on. */
export const gate: NodeSpec<GateConfig> = /* @__PURE__ */ defineKind(gateRun, {
  kind: 'gate',
  check: (config, c, pointer) => c.condition(config.condition, `${pointer}/condition`),
});
