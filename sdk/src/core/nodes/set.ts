import type { RuleSetNode, SetConfig, ValueType } from '@sluice/schemas';
import { assignment } from '../expr/assign.js';
import { copyJson } from '../util.js';
import { defineKind, type NodeRun, type NodeSpec } from './spec.js';
import { TRACE } from '../trace.js';

/** Evaluation's part of the set kind. */
export const setRun: NodeRun<SetConfig> = {
  ports: () => ['next'],
  build(node: RuleSetNode) {
    const steps = node.config.assign.map((a) => ({ name: a.name, type: a.type ?? 'any', run: assignment(a) }));
    return (s) => {
      const values: Record<string, unknown> = {};
      for (const st of steps) {
        const v = coerce(st.run(s.facts, s.ctx), st.type);
        s.facts.vars[st.name] = v;
        if (TRACE && s.tracing) values[st.name] = copyJson(v, 1000); // a result shares nothing with lead data
      }
      if (TRACE && s.tracing) {
        s.step.summary = steps.map((st) => `${st.name} = ${JSON.stringify(values[st.name]) ?? 'null'}`).join(', ');
        s.step.values = values;
      }
      return 'next';
    };
  },
};

/** Computes variables with the safe expression language (docs/expressions.md). */
export const set: NodeSpec<SetConfig> = /* @__PURE__ */ defineKind(setRun, {
  kind: 'set',
  defines: (config) => ({ vars: config.assign.map((a) => a.name) }),
  check: (config, c, pointer) => config.assign.flatMap((a, i) => c.expression(a.expr, `${pointer}/assign/${i}/expr`)),
});

/** A declared type is a promise to readers downstream: a value of another type becomes null. */
// What each declared type keeps; any other value becomes null (`any` keeps everything).
const KEEPS: Record<string, (v: unknown) => boolean> = {
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  list: Array.isArray,
  date: (v) => typeof v === 'number' || typeof v === 'string',
};

function coerce(v: unknown, type: ValueType): unknown {
  return v === undefined || (Object.hasOwn(KEEPS, type) && !KEEPS[type]!(v)) ? null : v;
}
