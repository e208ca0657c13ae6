import type { StartConfig } from '@sluice/schemas';
import type { NodeSpec } from './spec.js';

/** Declares the input fields; the editor offers them in its pickers. */
export const start: NodeSpec<StartConfig> = {
  kind: 'start',
  ports: () => ['next'],
  check(config, _c, pointer) {
    const seen = new Set<string>();
    return config.fields.flatMap((f, i) => {
      if (seen.has(f.key)) return [{ path: `${pointer}/fields/${i}/key`, message: `field ${f.key} is declared twice` }];
      seen.add(f.key);
      return [];
    });
  },
  build: () => (s) => {
    if (s.tracing) s.step.summary = 'lead received';
    return 'next';
  },
};
