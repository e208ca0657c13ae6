// diffRuleSets is written in sdk/src/diff/ and exported from @sluice/sdk's index by the
// engine owner. Until that export lands this reads it through the namespace, so the
// runtime builds and runs either way; the types mirror sdk/src/diff/diff.ts.
import * as sdk from '@sluice/sdk';
import type { RuleSet } from '@sluice/schemas';

export interface RuleSetDiff {
  same: boolean;
  from: { id: string; version?: number; hash?: string };
  to: { id: string; version?: number; hash?: string };
  fields: { path: string; before: unknown; after: unknown }[];
  nodes: {
    added: { id: string; kind: string; label?: string; path: string }[];
    removed: { id: string; kind: string; label?: string; path: string }[];
    changed: {
      id: string;
      kind: string;
      label?: string;
      path: string;
      pathBefore: string;
      changes: { op: 'added' | 'removed' | 'changed'; part: string; path: string; docPath: string; label?: string; before?: unknown; after?: unknown }[];
    }[];
  };
}

type DiffFn = (a: RuleSet, b: RuleSet) => RuleSetDiff;

/** The sdk's structural diff of two rule sets. */
export function diffRuleSets(a: RuleSet, b: RuleSet): RuleSetDiff {
  const fn = (sdk as unknown as { diffRuleSets?: DiffFn }).diffRuleSets;
  if (!fn) throw new Error('@sluice/sdk does not export diffRuleSets yet (sdk/src/index.ts)');
  return fn(a, b);
}
