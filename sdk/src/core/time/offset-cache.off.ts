// The browser bundles' offset-cache.ts: wallAt formats every wall time (no offset cache).
export const OFFSETS: WeakMap<Intl.DateTimeFormat, Map<number, number>> | undefined = undefined;
