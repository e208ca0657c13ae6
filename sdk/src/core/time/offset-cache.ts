// Whether wallAt (zone.ts) caches zone offsets: servers computing many due times do; the browser
// bundles put offset-cache.off.ts in its place (sdk/scripts/browser-modules.mjs) and format each
// time, which is the same answer with less code.
export const OFFSET_CACHE = true;
