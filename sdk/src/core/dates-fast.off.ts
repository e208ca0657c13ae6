// The browser bundles' dates-fast.ts: no fast path, every date goes to the general parser
// (the same answers, asserted in dates.test.ts; a visitor's few events need no speed).
export const fastIso = (_v: string): number | undefined => undefined;
export const cachedNow = (_v: unknown): number | undefined => undefined;
