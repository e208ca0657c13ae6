import type { StartConfig } from '@sluice/schemas';
import { defineKind, type NodeRun, type NodeSpec } from './spec.js';
import { TRACE } from '../trace.js';

/** Evaluation's part of the start kind. */
export const startRun: NodeRun<StartConfig> = {
  ports: () => ['next'],
  build: () => (s) => {
    if (TRACE && s.tracing) s.step.summary = 'lead received';
    return 'next';
  },
};

/** Declares the input fields; the editor offers them in its pickers. */
export const start: NodeSpec<StartConfig> = /* @__PURE__ */ defineKind(startRun, {
  kind: 'start',
  check(config, _c, pointer) {
    const seen = new Set<string>();
    return config.fields.flatMap((f, i) => {
      if (seen.has(f.key)) return [{ path: `${pointer}/fields/${i}/key`, message: `field ${f.key} is declared twice` }];
      seen.add(f.key);
      return [];
    });
  },
});
