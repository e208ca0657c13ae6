// The browser bundles' dates-fast.ts: no fast path, every date goes to the general parser
// (the same answers, asserted in dates.test.ts; a visitor's few events need no speed).
export const fastIso = (_v: string): number | undefined => undefined;
export { toEpochMs as cachedNow } from './dates.js';
export const lastByNow = <T>(f: (nowMs: number) => T): ((nowMs: number) => T) => f;
