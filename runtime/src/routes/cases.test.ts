import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const file = (name = 'big company') => ({
  schemaVersion: 1,
  ruleSet: 'demo-flow',
  cases: [{ name, input: { lead: { employees: 500 } }, now: '2025-06-02T10:00:00Z', expect: { outcome: { stage: 'MQL' } } }],
});

describe('GET/PUT /v1/rulesets/:id/cases', () => {
  it('an empty file without one; the example folder\'s file; then the rules folder\'s once saved', async () => {
    h = await harness();
    const none = await h.json('GET', '/v1/rulesets/demo-flow/cases');
    expect([none.status, none.body, none.res.headers.get('x-sluice-source')]).toEqual([200, { schemaVersion: 1, ruleSet: 'demo-flow', cases: [] }, 'none']);
    writeFileSync(join(h.dirs.examples, 'demo-flow.cases.json'), JSON.stringify(file('from examples')));
    const ex = await h.json<{ cases: { name: string }[] }>('GET', '/v1/rulesets/demo-flow/cases');
    expect([ex.status, ex.body.cases[0]!.name, ex.res.headers.get('x-sluice-source')]).toEqual([200, 'from examples', 'examples']);
    expect((await h.json('PUT', '/v1/rulesets/demo-flow/cases', file('saved'))).status).toBe(200);
    const own = await h.json<{ cases: { name: string }[] }>('GET', '/v1/rulesets/demo-flow/cases');
    expect([own.body.cases[0]!.name, own.res.headers.get('x-sluice-source')]).toEqual(['saved', 'rules']);
  });

  it('refuses an invalid cases file with the path of each problem, and one for another rule set', async () => {
    h = await harness();
    const bad = await h.json<{ error: { details: { issues: { path: string }[] } } }>('PUT', '/v1/rulesets/demo-flow/cases', { schemaVersion: 1, ruleSet: 'demo-flow', cases: [{ name: '' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['/cases/0/name', '/cases/0/input']));
    const other = await h.json('PUT', '/v1/rulesets/demo-flow/cases', { ...file(), ruleSet: 'other' });
    expect(other.status).toBe(400);
    expect((await h.json('PUT', '/v1/rulesets/..%2Fetc/cases', file())).status).toBe(400);
  });

  it('reports a broken file on disk as 422 instead of serving it', async () => {
    h = await harness();
    writeFileSync(join(h.dirs.rules, 'demo-flow.cases.json'), '{"schemaVersion": 1, "cases": 3}');
    const r = await h.json<{ error: { code: string } }>('GET', '/v1/rulesets/demo-flow/cases');
    expect([r.status, r.body.error.code]).toEqual([422, 'invalid_file']);
  });
});
