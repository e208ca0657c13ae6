// The zone offsets wallAt (zone.ts) keeps, per formatter and 15-minute bucket: servers computing
// many due times keep them; the browser bundles put offset-cache.off.ts in its place
// (sdk/scripts/browser-modules.mjs) and format each time, which is the same answer with less code.
export const OFFSETS: WeakMap<Intl.DateTimeFormat, Map<number, number>> | undefined = new WeakMap();
