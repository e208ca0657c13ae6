// The browser bundles' score-fast.ts: no fast total; score.ts sums its rules one by one, as the
// trace does. Same points, less code (sdk/scripts/browser-modules.mjs).
import type { ScoreRule } from '@sluice/schemas';
import type { RunState } from '../state.js';

export const FAST_SCORES = false;

export function fastTotal(_rules: readonly ScoreRule[], _slow: (i: number, s: RunState) => number): ((s: RunState) => number) | undefined {
  return undefined;
}
