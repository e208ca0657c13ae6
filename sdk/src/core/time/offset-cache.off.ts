// The browser bundles' offset-cache.ts: wallAt formats every wall time (no offset cache).
export const OFFSET_CACHE = false;
