// See trace.ts: the script tag's bundles cannot ask for a trace.
export const TRACE: boolean = false;
