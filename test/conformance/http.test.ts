// The conformance suite over HTTP: the built runtime (runtime/dist/cli.js) is started on
// 127.0.0.1 with a temporary data and rules folder, every flow the rule-set rows use is
// published, and every rule-set row is scored with POST /v1/score. A row whose request the
// runtime must refuse (its input is not an EvaluationInput: the SDK takes anything, the API
// validates) expects 400. Condition rows are SDK-only. Needs `pnpm build` first.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEvaluationResult, validateScoreRequest } from '@sluice/schemas/validators';
import { matchExpected } from '@sluice/sdk';
import { loadConformance, type RuleSetCase } from './load-cases.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'runtime', 'dist', 'cli.js');
const KEY = 'sk_conformance_key';
const built = existsSync(CLI);
const suite = loadConformance();
const rows = suite.cases.filter((c): c is RuleSetCase => c.kind === 'ruleSet');
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

let child: ChildProcess | undefined;
let base = '';
let dir = '';

function start(): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'sluice-conformance-'));
  const empty = join(dir, 'no-examples');
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', join(dir, 'data'), '--rules', join(dir, 'rules')], {
      env: { ...process.env, SLUICE_SECRET_KEY: KEY, SLUICE_RATE_LIMIT: 'off', SLUICE_LOG: 'silent', SLUICE_EDITOR_DIR: '', SLUICE_EXAMPLES_DIR: empty, SLUICE_GIT: 'off', SLUICE_BODY_LIMIT: String(64 * 1024 * 1024) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the runtime exited with ${code}: ${out}`)));
  });
}

async function post(path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** The POST /v1/score body of a row: the input's parts beside the rule set, now and trace. */
function scoreBody(c: RuleSetCase): Record<string, unknown> {
  const parts = isObj(c.input) ? c.input : { lead: c.input };
  return { ruleSet: c.flow.id, ...parts, now: c.now, ...(c.trace ? { trace: true } : {}) };
}

// Not built is a failure that says what to do, not a skipped test: a skip would show in every
// green run (pnpm test always builds first) and hide a missing build in any other.
describe('conformance over HTTP (runtime/dist/cli.js)', () => {
  beforeAll(async () => {
    if (!built) throw new Error(`${CLI} is missing: run pnpm build first`);
    base = await start();
    const ids = new Map<string, Record<string, unknown>>();
    for (const c of rows) ids.set(c.flowKey, c.flow);
    for (const flow of ids.values()) {
      const r = await post(`/v1/rulesets/${String(flow.id)}/publish`, { author: 'conformance', message: 'conformance suite', flow });
      if (r.status !== 201) throw new Error(`publishing ${String(flow.id)}: HTTP ${r.status} ${JSON.stringify(r.json)}`);
    }
  }, 60_000);

  afterAll(() => {
    child?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const c of rows) {
    it(`${c.file}: ${c.name}`, async () => {
      const body = scoreBody(c);
      const r = await post('/v1/score', body);
      if (!validateScoreRequest(body)) {
        // The SDK evaluates any input; the API refuses what is not an EvaluationInput.
        expect(r.status).toBe(400);
        return;
      }
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      expect(matchExpected(c.expected, r.json)).toEqual([]);
      expect(validateEvaluationResult(r.json) ? [] : validateEvaluationResult.errors).toEqual([]);
    });
  }
});
