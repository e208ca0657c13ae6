// What the browser bundles build differently from the npm modules (shared by build.mjs and
// size-report.mjs).
import { dirname, join } from 'node:path';

// The engine calls Object.hasOwn, which sets the floor: Chrome 93, Firefox 92, Safari 15.4
// (2021-22). Everything those run natively (class fields, ??, ?.) stays as written.
export const BROWSER_TARGET = ['chrome93', 'firefox92', 'safari15.4'];

/**
 * Modules the browser bundles replace:
 * - all of them read set-node expressions from the parsed form the public rule set carries
 *   (prepareForBrowser), so they leave the parser out: expr/assign.ts → expr/assign.browser.ts;
 * - all of them read dates with the general parser only (the fast path is for servers scoring
 *   many leads): dates-fast.ts → dates-fast.off.ts;
 * - all of them compile every condition leaf the general way (specialised leaves are for
 *   servers), and sum score rules one by one: leaf-fast.ts → leaf-fast.off.ts,
 *   nodes/score-fast.ts → nodes/score-fast.off.ts; and the conditions of a node read each field
 *   for themselves (servers read it once per node: shared-reads.ts → shared-reads.off.ts);
 * - all of them read zone offsets by formatting each time (servers cache them per 15 minutes):
 *   time/offset-cache.ts → time/offset-cache.off.ts;
 * - the script tag's (`noTrace`) cannot ask evaluate for a trace: trace.ts → trace.off.ts;
 * - the script tag (`late`) loads set nodes and the expression language on demand
 *   (sluice-set.min.js, only for a rule set with a set node): nodes/set.ts → nodes/set.late.ts,
 *   embed/late.ts → embed/late.tag.ts (the loader).
 */
export function browserModules({ noTrace = false, late = false } = {}) {
  const swap = [
    [/\/expr\/assign\.js$/, 'assign.browser.ts'],
    [/\/dates-fast\.js$/, 'dates-fast.off.ts'],
    [/\/leaf-fast\.js$/, 'leaf-fast.off.ts'],
    [/\/score-fast\.js$/, 'score-fast.off.ts'],
    [/\/offset-cache\.js$/, 'offset-cache.off.ts'],
    [/\/shared-reads\.js$/, 'shared-reads.off.ts'],
  ];
  if (noTrace) swap.push([/\/trace\.js$/, 'trace.off.ts']);
  if (late) swap.push(...lateSwaps);
  return {
    name: 'browser-modules',
    setup(b) {
      for (const [filter, file] of swap) {
        b.onResolve({ filter }, (a) => ({ path: join(a.resolveDir, dirname(a.path), file) }));
      }
    },
  };
}

/** The script tag's on-demand parts (see browserModules); alone for embed-own.min.js. */
const lateSwaps = [
  [/\/set\.js$/, 'set.late.ts'],
  [/\/late\.js$/, 'late.tag.ts'],
];
export function lateModules() {
  return {
    name: 'late-modules',
    setup(b) {
      for (const [filter, file] of lateSwaps) b.onResolve({ filter }, (a) => ({ path: join(a.resolveDir, dirname(a.path), file) }));
    },
  };
}
