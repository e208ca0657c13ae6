// The shared conformance rows (test/conformance) run through the SDK's browser engine
// (sdk/dist/engine.min.js: evaluate + checkCondition, bundled as the embed ships them, without
// the expression parser) inside Chromium, given the rule sets as the runtime's public endpoint
// serves them (prepareForBrowser), on a page with CSP script-src 'self' (so eval / new Function
// would be refused), and must give exactly what the SDK gives in Node; the rule-set rows also
// run through engine-tag.min.js (the engine as the script tag carries it, without the trace).
// Build first: pnpm --filter @sluice/sdk build.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { EvaluationInput, RuleSet } from '@sluice/schemas';
import { checkCondition, compile, evaluate, matchExpected, prepareForBrowser } from '@sluice/sdk';
import { loadConformance, type ConformanceCase } from '../conformance/load-cases.js';

const ENGINE = join(process.cwd(), 'sdk/dist/engine.min.js');
/** The engine as sluice.min.js carries it: evaluate without the trace code. */
const ENGINE_TAG = join(process.cwd(), 'sdk/dist/engine-tag.min.js');
const ORIGIN = 'http://conformance.sluice.test';

test.skip(!existsSync(ENGINE) || !existsSync(ENGINE_TAG), 'build first: pnpm --filter @sluice/sdk build');

/** What a row gives in Node: the answer the browser must reproduce byte for byte. */
function inNode(c: ConformanceCase, ruleSets: Map<string, RuleSet>): unknown {
  if (c.kind === 'condition') return checkCondition(c.condition as never, c.facts, c.now === undefined ? {} : { now: c.now });
  return evaluate(ruleSets.get(c.flowKey)!, c.input as EvaluationInput, { now: c.now, trace: c.trace });
}

test('every conformance row gives the same answer in Chromium as in Node, also through the script tag\'s engine', async ({ page }) => {
  const suite = loadConformance();
  expect(suite.cases.length).toBeGreaterThan(0);
  const ruleSets = new Map<string, RuleSet>();
  for (const [key, flow] of suite.flows) {
    const r = compile(flow);
    if (!r.ok) throw new Error(`flow ${key} does not compile: ${JSON.stringify(r.errors)}`);
    ruleSets.set(key, r.ruleSet);
  }

  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const csp = { 'content-security-policy': "default-src 'self'; script-src 'self'; img-src data:" };
    if (path === '/') return route.fulfill({ status: 200, contentType: 'text/html', headers: csp, body: '<!doctype html><html><head><link rel="icon" href="data:,"><title>conformance</title></head><body></body></html>' });
    if (path === '/engine.min.js') return route.fulfill({ status: 200, contentType: 'text/javascript', headers: csp, body: readFileSync(ENGINE) });
    if (path === '/engine-tag.min.js') return route.fulfill({ status: 200, contentType: 'text/javascript', headers: csp, body: readFileSync(ENGINE_TAG) });
    // Proves the policy bites: the same page refuses new Function.
    if (path === '/probe.js') return route.fulfill({ status: 200, contentType: 'text/javascript', headers: csp, body: "export let ok = 'allowed'; try { new Function('return 1')(); } catch { ok = 'refused'; }" });
    return route.fulfill({ status: 404, body: '' });
  });
  const violations: string[] = [];
  page.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
  await page.goto(`${ORIGIN}/`);
  await page.evaluate(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP: ${e.violatedDirective}`)));

  expect(await page.evaluate(async () => ((await import('/probe.js' as string)) as { ok: string }).ok)).toBe('refused');
  await expect.poll(() => violations).toEqual(['CSP: script-src']);
  violations.length = 0;

  // JSON text both ways: rows hold own "__proto__" keys, which only JSON.parse keeps as data.
  const rows = suite.cases.map((c) =>
    c.kind === 'condition' ? { k: 'c', condition: c.condition, facts: c.facts, now: c.now } : { k: 'r', flowKey: c.flowKey, input: c.input, now: c.now, trace: c.trace },
  );
  const out = await page.evaluate(
    async ({ rowsJson, ruleSetsJson }) => {
      const engine = (await import('/engine.min.js' as string)) as {
        evaluate: (rs: unknown, input: unknown, o: unknown) => unknown;
        checkCondition: (c: unknown, f: unknown, o: unknown) => boolean;
      };
      const rs = JSON.parse(ruleSetsJson) as Record<string, unknown>;
      const rowsIn = JSON.parse(rowsJson) as { k: string; condition?: unknown; facts?: unknown; now?: unknown; flowKey?: string; input?: unknown; trace?: boolean }[];
      return JSON.stringify(
        rowsIn.map((r) => {
          try {
            return r.k === 'c'
              ? engine.checkCondition(r.condition, r.facts, r.now === undefined ? {} : { now: r.now })
              : engine.evaluate(rs[r.flowKey!], r.input, { now: r.now, trace: r.trace });
          } catch (e) {
            return { thrown: String(e) };
          }
        }),
      );
    },
    { rowsJson: JSON.stringify(rows), ruleSetsJson: JSON.stringify(Object.fromEntries([...ruleSets].map(([k, rs]) => [k, prepareForBrowser(rs)]))) },
  );
  const browser = JSON.parse(out) as unknown[];
  expect(browser).toHaveLength(suite.cases.length);

  // The script tag's engine (no trace code) on every rule-set row, asked without a trace.
  const ruleRows = suite.cases.filter((c) => c.kind !== 'condition');
  const tagOut = await page.evaluate(
    async ({ rowsJson, ruleSetsJson }) => {
      const engine = (await import('/engine-tag.min.js' as string)) as { evaluate: (rs: unknown, input: unknown, o: unknown) => unknown };
      const rs = JSON.parse(ruleSetsJson) as Record<string, unknown>;
      const rowsIn = JSON.parse(rowsJson) as { flowKey: string; input: unknown; now: unknown }[];
      return JSON.stringify(
        rowsIn.map((r) => {
          try {
            return engine.evaluate(rs[r.flowKey], r.input, { now: r.now });
          } catch (e) {
            return { thrown: String(e) };
          }
        }),
      );
    },
    {
      rowsJson: JSON.stringify(ruleRows.map((c) => ({ flowKey: c.flowKey, input: c.input, now: c.now }))),
      ruleSetsJson: JSON.stringify(Object.fromEntries([...ruleSets].map(([k, rs]) => [k, prepareForBrowser(rs)]))),
    },
  );
  const tag = JSON.parse(tagOut) as unknown[];
  const mismatches: string[] = [];
  ruleRows.forEach((c, i) => {
    let node: string;
    try {
      node = JSON.stringify(evaluate(ruleSets.get(c.flowKey)!, c.input as EvaluationInput, { now: c.now }));
    } catch (e) {
      node = JSON.stringify({ thrown: String(e) });
    }
    const got = JSON.stringify(tag[i]);
    if (got !== node) mismatches.push(`engine-tag ${c.file} "${c.name}":\n  node    ${node.slice(0, 300)}\n  browser ${got.slice(0, 300)}`);
  });

  suite.cases.forEach((c, i) => {
    const node = JSON.stringify(inNode(c, ruleSets));
    const got = JSON.stringify(browser[i]);
    if (got !== node) mismatches.push(`${c.file} "${c.name}":\n  node    ${node.slice(0, 300)}\n  browser ${got.slice(0, 300)}`);
    // And both match the row's expectation.
    else if (c.kind === 'condition' ? browser[i] !== c.expected : matchExpected(c.expected, browser[i] as never).length > 0) {
      mismatches.push(`${c.file} "${c.name}": not what the row expects`);
    }
  });
  expect(mismatches, mismatches.slice(0, 10).join('\n')).toEqual([]);
  expect(violations).toEqual([]);
});
