// diffRuleSets is written in sdk/src/diff/ and exported from @sluice/sdk's index by the
// engine owner. Until that export lands this takes it from the built module next to the
// sdk's entry (dist/diff/diff.js), so the runtime builds and runs either way; the types
// mirror sdk/src/diff/diff.ts.
import * as sdk from '@sluice/sdk';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
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

async function load(): Promise<DiffFn | undefined> {
  const named = (sdk as unknown as { diffRuleSets?: DiffFn }).diffRuleSets;
  if (named) return named;
  try {
    const entry = createRequire(import.meta.url).resolve('@sluice/sdk');
    const mod = (await import(pathToFileURL(join(dirname(entry), 'diff', 'diff.js')).href)) as { diffRuleSets?: DiffFn };
    return mod.diffRuleSets;
  } catch {
    return undefined;
  }
}

const fn = await load();

/** The sdk's structural diff of two rule sets. */
export function diffRuleSets(a: RuleSet, b: RuleSet): RuleSetDiff {
  if (!fn) throw new Error('@sluice/sdk does not provide diffRuleSets (build the sdk)');
  return fn(a, b);
}
