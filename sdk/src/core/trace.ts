// Whether this build records traces. The script tag's bundles (sluice.min.js, embed.js) put
// trace.off.ts in its place: the embed never asks evaluate for a trace and exposes no way to, so
// there the trace code is dead and the minifier drops it (sdk/scripts/build.mjs).
export const TRACE: boolean = true;
