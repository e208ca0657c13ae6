// The script tag loads set nodes and the expression language on demand (sluice-set.min.js,
// beside the tag) for a rule set that has a set node, before it scores: the result is the one
// Node computes; a rule set without one loads nothing more; a file that does not load is an
// error the page sees, never a result computed without the set node. Under a strict CSP
// (scripts from this origin only), with the page and a stand-in runtime on one origin.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BUILT } from './landing.js';

test.skip(!BUILT, 'build first: pnpm -r build');

const ORIGIN = 'http://sluice.test';
const dist = join(process.cwd(), 'sdk/dist');
type Engine = typeof import('../../sdk/src/index.js');
const engine = (): Promise<Engine> => import(join(dist, 'index.js')) as Promise<Engine>;

async function ruleSet(flowFile: string) {
  const { compile, prepareForBrowser } = await engine();
  const c = compile(JSON.parse(readFileSync(join(process.cwd(), flowFile), 'utf8')));
  if (!c.ok) throw new Error(JSON.stringify(c.errors));
  return prepareForBrowser(c.ruleSet);
}

/** The page, the tag, the rule set and the runtime's answers on one origin; what the tag fetched. */
async function serve(page: Page, rs: unknown, { setFile = true } = {}) {
  const fetched: string[] = [];
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && !/Failed to load resource/.test(m.text()) && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    const w = window as unknown as { sluiceErrors: unknown[] };
    w.sluiceErrors = [];
    document.addEventListener('sluice:error', (e) => w.sluiceErrors.push({ code: (e as CustomEvent<{ code: string }>).detail.code, message: (e as CustomEvent<Error>).detail.message }));
  });
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    fetched.push(path);
    const csp = { 'content-security-policy': "default-src 'none'; script-src 'self'; connect-src 'self'" };
    if (path === '/index.html') {
      const tag = `<script src="/sdk/sluice.min.js" data-endpoint="${ORIGIN}" data-key="pk_on_demand" data-rule-set="${(rs as { id: string }).id}"></script>`;
      return route.fulfill({ contentType: 'text/html', headers: csp, body: `<!doctype html><html><head>${tag}</head><body><h1>On demand</h1></body></html>` });
    }
    if (path === '/sdk/sluice.min.js' || (path === '/sdk/sluice-set.min.js' && setFile)) {
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(dist, path.slice(5))) });
    }
    if (path.endsWith('/public')) return route.fulfill({ contentType: 'application/json', body: JSON.stringify(rs) });
    if (path === '/v1/events') return route.fulfill({ status: 202, contentType: 'application/json', body: '{}' });
    return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"message":"not found"}}' });
  });
  return { fetched, problems };
}

const LEAD = { employees: 800, country: 'us', first: 'Ada' };
const identify = (page: Page) =>
  page.evaluate((lead) => (window as unknown as { Sluice: { identify(id: string, t: object): void } }).Sluice.identify('ada@northwind.io', lead), LEAD);
const result = (page: Page) => page.evaluate(() => (window as unknown as { Sluice: { result(): Record<string, unknown> | null } }).Sluice.result());
const errors = (page: Page) => page.evaluate(() => (window as unknown as { sluiceErrors: { code: string; message: string }[] }).sluiceErrors);

test('a rule set with a set node: the tag loads sluice-set.min.js first and scores as Node does', async ({ page }) => {
  const rs = await ruleSet('test/conformance/flows/set.flow.json');
  const { fetched, problems } = await serve(page, rs);
  await page.goto(`${ORIGIN}/index.html`);
  await identify(page);
  await expect.poll(async () => ((await result(page))?.vars as { size?: number } | undefined)?.size).toBe(1600);
  const got = (await result(page))!;
  const events = await page.evaluate(() => JSON.parse(localStorage.getItem('sluice:h') ?? '[]') as unknown[]);
  const { evaluate } = await engine();
  const want = evaluate(rs, { lead: LEAD, events } as Parameters<typeof evaluate>[1], { now: got.now as string });
  expect({ ...got, source: undefined }).toEqual({ ...want, source: undefined });
  expect(fetched.filter((p) => p.startsWith('/sdk/'))).toEqual(['/sdk/sluice.min.js', '/sdk/sluice-set.min.js']);
  expect(await errors(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('a rule set without a set node loads nothing more', async ({ page }) => {
  const { fetched, problems } = await serve(page, await ruleSet('examples/fit-engagement-decay.flow.json'));
  await page.goto(`${ORIGIN}/index.html`);
  await expect.poll(async () => (await result(page))?.outcome).toBeTruthy();
  expect(fetched.filter((p) => p.startsWith('/sdk/'))).toEqual(['/sdk/sluice.min.js']);
  expect(problems).toEqual([]);
});

test('when sluice-set.min.js does not load: an error the page sees, and no result without the set node', async ({ page }) => {
  const { problems } = await serve(page, await ruleSet('test/conformance/flows/set.flow.json'), { setFile: false });
  await page.goto(`${ORIGIN}/index.html`);
  await identify(page);
  await expect.poll(() => errors(page)).toEqual([{ code: 'rule_set', message: `Sluice: rule set conf-set not scored: set nodes need ${ORIGIN}/sdk/sluice-set.min.js, which did not load` }]);
  expect(await result(page)).toBeNull();
  expect(problems).toEqual([`Sluice: rule set conf-set not scored: set nodes need ${ORIGIN}/sdk/sluice-set.min.js, which did not load`]);
});
