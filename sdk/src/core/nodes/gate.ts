import type { GateConfig, RuleGateNode } from '@sluice/schemas';
import { compileCondition } from '../condition.js';
import type { NodeSpec } from './spec.js';

/** A condition; a lead that fails it is rejected with the gate's reason, never scored on. */
export const gate: NodeSpec<GateConfig> = {
  kind: 'gate',
  ports: () => ['pass', 'reject'],
  optionalPorts: ['reject'],
  check: (config, c, pointer) => c.condition(config.condition, `${pointer}/condition`),
  build(node: RuleGateNode) {
    const holds = compileCondition(node.config.condition);
    const { reason, message } = node.config;
    return (s) => {
      if (holds(s.facts, s.ctx)) {
        if (s.tracing) s.step.summary = 'passed';
        return 'pass';
      }
      s.rejected = message === undefined ? { nodeId: node.id, reason } : { nodeId: node.id, reason, message };
      if (s.tracing) s.step.summary = `rejected: ${reason}`;
      return 'reject';
    };
  },
};
