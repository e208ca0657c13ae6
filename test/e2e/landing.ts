// The example landing page against the real runtime, for the browser tests of the embed:
// the runtime as a child process, the page on its own server (another origin, the strict CSP
// of docs/sdk.md), and what the page shows.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
// @ts-expect-error plain ESM without types
import { startLandingServer } from '../../examples/landing-page/serve.mjs';

export const CLI = join(process.cwd(), 'runtime/dist/cli.js');
export const SDK = join(process.cwd(), 'sdk/dist/sluice.min.js');
export const SECRET = 'sk_landing_page_e2e_secret_0001';
export const PUBLISHABLE = 'pk_landing_page_e2e_public_0001';
/** Known to the runtime and to the page's backend (serve.mjs), never to the browser. */
export const IDENTITY_SECRET = 'idsec_landing_page_e2e_0001';
export const LEAD = 'ada@northwind.io';

/** Whether the built runtime and SDK are there (the specs skip otherwise). */
export const BUILT = existsSync(CLI) && existsSync(SDK);

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The runtime as a process, on a fixed port and data folder so that it can be restarted. */
export function runtime(port: number, dir: string, origin: string) {
  let child: ChildProcess | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    start: () =>
      new Promise<void>((resolve, reject) => {
        child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data', join(dir, 'data'), '--rules', join(dir, 'rules')], {
          env: { ...process.env, SLUICE_LOG: 'silent', SLUICE_SECRET_KEY: SECRET, SLUICE_PUBLISHABLE_KEY: PUBLISHABLE, SLUICE_PUBLISHABLE_ORIGINS: origin, SLUICE_IDENTITY_SECRET: IDENTITY_SECRET, SLUICE_GIT: 'off' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('running at')) resolve();
        });
        child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
        child.once('exit', (code) => reject(new Error(`runtime exited (${code}):\n${out}`)));
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (!child || child.exitCode !== null) return resolve();
        const c = child;
        c.removeAllListeners('exit');
        // The runtime cuts lingering connections after its 10 s grace; past that, it is stuck.
        const kill = setTimeout(() => c.kill('SIGKILL'), 15_000);
        c.once('exit', () => (clearTimeout(kill), resolve()));
        c.kill('SIGTERM');
      }),
  };
}

export async function lead(rtUrl: string): Promise<{ events: { id: string; type: string }[] }> {
  const res = await fetch(`${rtUrl}/v1/leads/${encodeURIComponent(LEAD)}`, { headers: { authorization: `Bearer ${SECRET}` }, signal: AbortSignal.timeout(5000) });
  if (res.status === 404) return { events: [] };
  expect(res.status).toBe(200);
  return (await res.json()) as { events: { id: string; type: string }[] };
}

/** Ids of every event the page recorded (its local history, which the embed scores). */
export const pageEventIds = (page: Page) =>
  page.evaluate(() => (JSON.parse(localStorage.getItem('sluice:h') ?? '[]') as { id: string; type: string }[]).map((e) => `${e.type}:${e.id}`));
export const queued = (page: Page) => page.evaluate(() => (JSON.parse(localStorage.getItem('sluice:q') ?? '[]') as unknown[]).length);
export const badge = (page: Page) => page.locator('#score');
export type Result = { source: string; grade: string; outcome: { stage: string }; scores: { fit: number; engagement: number } };
export const result = (page: Page) => page.evaluate(() => (window as unknown as { Sluice: { result(): Result | null } }).Sluice.result());
export const source = async (page: Page) => (await result(page))?.source;
/** The live score, as `stage grade fit/engagement`. */
export const live = async (page: Page) => {
  const r = await result(page);
  return r && `${r.outcome.stage} ${r.grade} ${r.scores.fit}/${r.scores.engagement}`;
};

export async function fillProfile(page: Page) {
  const f = page.locator('#download-form');
  await f.getByLabel('Work email').fill(LEAD);
  await f.getByLabel('Seniority').selectOption('vp');
  await f.getByLabel('Department').selectOption('revops');
  await f.getByLabel('Company').fill('Northwind');
  await f.getByLabel('Employees').fill('800');
  await f.getByLabel('Industry').selectOption('software');
}

/**
 * A runtime and the landing page on their own ports (the page's key and rule set can be
 * changed); console errors and CSP violations collected, as are the requests the page sends
 * to the runtime and the `sluice:error` events it sees (`window.sluiceErrors`).
 */
export async function setUp(page: Page, tag: { key?: string; ruleSet?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-landing-'));
  const rtPort = await freePort();
  // The runtime allows the page's origin for the publishable key (CORS per key).
  const sitePort = await freePort();
  const origin = `http://127.0.0.1:${sitePort}`;
  const rt = runtime(rtPort, dir, origin);
  await rt.start();
  const site = (await startLandingServer({ port: sitePort, endpoint: rt.url, key: PUBLISHABLE, identitySecret: IDENTITY_SECRET, ...tag })) as { origin: string; close: () => Promise<void> };
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(m.text()) && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    const w = window as unknown as { sluiceErrors: unknown[] };
    w.sluiceErrors = [];
    document.addEventListener('sluice:error', (e) => w.sluiceErrors.push({ ...(e as CustomEvent<object>).detail, message: (e as CustomEvent<Error>).detail.message }));
  });
  const requests: { method: string; path: string; body: string | null }[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(rt.url) && r.method() !== 'OPTIONS') requests.push({ method: r.method(), path: new URL(r.url()).pathname, body: r.postData() });
  });
  return { rt, site, problems, requests };
}

/** Runs `body` with a runtime and the landing page set up (see setUp), and stops both after. */
export async function onLandingPage(page: Page, tag: { key?: string; ruleSet?: string }, body: (ctx: Awaited<ReturnType<typeof setUp>>) => Promise<void>): Promise<void> {
  const ctx = await setUp(page, tag);
  try {
    await body(ctx);
  } finally {
    await ctx.site.close();
    await ctx.rt.stop();
  }
}
