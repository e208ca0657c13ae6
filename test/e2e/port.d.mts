// Types of port.mjs, for playwright.config.ts and the tests that import it.
export function probePort(port: number): { ok: true; port: number } | { ok: false; code: string };
export function choosePort(env?: Record<string, string | undefined>): number;
