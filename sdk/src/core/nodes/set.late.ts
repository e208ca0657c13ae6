// The script tag (sluice.min.js) leaves set nodes and the expression language out (about 1.4 KB
// gzipped that no example flow uses): a rule set with a set node has the embed load
// sluice-set.min.js first (embed/late.tag.ts), which puts the real set kind (set.ts) on the
// global object. sdk/scripts/browser-modules.mjs puts this module in place of set.ts there.
import type { SetConfig } from '@sluice/schemas';
import type { NodeRun } from './spec.js';

/** The set kind once sluice-set.min.js has run; until then building one fails (never skipped). */
export const setRun: NodeRun<SetConfig> = {
  ports: () => ['next'],
  build: (node, b) => {
    const r = (globalThis as { __sluiceSet?: NodeRun<SetConfig> }).__sluiceSet;
    if (!r) throw Error('set nodes need sluice-set.min.js');
    return r.build(node, b);
  },
};
