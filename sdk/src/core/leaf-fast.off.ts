// The browser bundles' leaf-fast.ts: no specialised leaves; every leaf takes the general path
// (condition.ts). Same answers, less code (sdk/scripts/browser-modules.mjs).
import type { Predicate } from './types.js';

export const FAST = false;

export function fastLeaf(_fact: string, _segs: readonly (string | number)[], _op: string, _value: unknown, _item: boolean): Predicate | undefined {
  return undefined;
}

export function fastGroup(_ps: readonly Predicate[], _any: boolean): Predicate | undefined {
  return undefined;
}

