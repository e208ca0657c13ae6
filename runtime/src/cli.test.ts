import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './test-support/harness.js';
import { brokenFlow, demoFlow, setFlow } from './test-support/fixtures.js';
import { runCli } from './test-support/process.js';
import { prepareForBrowser } from '@sluice/sdk';
import type { RuleSet, RuleSetNode } from '@sluice/schemas';

const dir = tempDir('sluice-cli-');
const p = (f: string) => join(dir, f);
writeFileSync(p('demo.flow.json'), JSON.stringify(demoFlow('demo')));
writeFileSync(p('demo2.flow.json'), JSON.stringify(demoFlow('demo', { sqlAt: 40 })));
writeFileSync(p('broken.flow.json'), JSON.stringify(brokenFlow('broken')));
writeFileSync(p('bad.ruleset.json'), '{"id": "x"');
writeFileSync(p('calc.flow.json'), JSON.stringify(setFlow('calc')));
const cases = (expectSql: string) => ({
  schemaVersion: 1,
  ruleSet: 'demo',
  cases: [
    { name: 'big company → MQL', input: { lead: { employees: 500 } }, now: '2025-06-02T10:00:00Z', expect: { outcome: { stage: 'MQL' }, scores: { fit: 40 } } },
    { name: 'big company with a demo → SQL', input: { lead: { employees: 500 }, events: [{ type: 'demo_request', at: '2025-06-01T10:00:00Z' }] }, now: '2025-06-02T10:00:00Z', expect: { outcome: { stage: expectSql } } },
  ],
});
writeFileSync(p('demo.cases.json'), JSON.stringify(cases('SQL')));
writeFileSync(p('failing.cases.json'), JSON.stringify(cases('Opportunity')));
writeFileSync(p('leads.ndjson'), [
  JSON.stringify({ id: 'big-1', lead: { employees: 500 } }),
  JSON.stringify({ id: 'big-2', lead: { employees: 900 } }),
  JSON.stringify({ employees: 5, id: 'small' }),
  'not json',
  JSON.stringify({ id: 'hot', lead: { employees: 500 }, events: [{ type: 'demo_request', at: '2025-06-01T10:00:00Z' }] }),
].join('\n'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sluice CLI (built binary)', () => {
  it('validate: ok files, then every error as "file: nodeId path message" with exit 1', async () => {
    const ok = await runCli(['validate', p('demo.flow.json'), p('demo.cases.json')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`ok ${p('demo.flow.json')}`);
    const bad = await runCli(['validate', p('demo.flow.json'), p('broken.flow.json'), p('bad.ruleset.json'), p('x.txt')]);
    expect(bad.code).toBe(2); // x.txt cannot be checked at all, which outranks the invalid files' 1
    expect(bad.stderr).toContain(`${p('broken.flow.json')}: score /nodes/1/config/rules/0/when/all/0/operator must be one of`);
    expect(bad.stderr).toContain(`${p('bad.ruleset.json')}:1:11: not valid JSON`);
    expect(bad.stderr).toContain(`${p('x.txt')}: unknown file kind`);
  });

  it('compile -o writes the deterministic rule set', async () => {
    const out = p('demo.ruleset.json');
    const r = await runCli(['compile', p('demo.flow.json'), '-o', out]);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ id: 'demo', hash: expect.stringMatching(/^sha256:/) });
    const again = await runCli(['compile', p('demo.flow.json')]);
    expect(`${again.stdout}`).toBe(text);
    expect((await runCli(['compile', p('broken.flow.json')])).code).toBe(1);
    expect((await runCli(['validate', out])).code).toBe(0);
  });

  it('compile --browser writes the public form: parsed expressions, same hash, still valid', async () => {
    const plain = JSON.parse((await runCli(['compile', p('calc.flow.json')])).stdout) as RuleSet;
    const r = await runCli(['compile', p('calc.flow.json'), '--browser']);
    expect(r.code).toBe(0);
    const browser = JSON.parse(r.stdout) as RuleSet;
    expect(browser).toEqual(prepareForBrowser(plain));
    expect((browser.nodes[1] as RuleSetNode).config.assign[0]!.ast).toEqual(['*', ['.', ['$', 'lead'], ['q', 'employees']], 2]);
    expect(browser.hash).toBe(plain.hash);
    const out = p('calc.browser.ruleset.json');
    await runCli(['compile', p('calc.flow.json'), '--browser', '-o', out]);
    expect((await runCli(['validate', out])).code).toBe(0);
  });

  it('test: passes, and fails with expected vs actual', async () => {
    const pass = await runCli(['test', p('demo.flow.json'), p('demo.cases.json')]);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toContain('2 passed, 0 failed');
    const fail = await runCli(['test', p('demo.flow.json'), p('failing.cases.json')]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain('FAIL big company with a demo → SQL');
    expect(fail.stdout).toMatch(/- expected "Opportunity"\n\s+\+ actual\s+"SQL"/);
    expect(fail.stdout).toContain('1 passed, 1 failed');
  });

  it('diff: exit 0 when the same, 1 with the changed row', async () => {
    expect((await runCli(['diff', p('demo.flow.json'), p('demo.flow.json')])).code).toBe(0);
    const d = await runCli(['diff', p('demo.flow.json'), p('demo2.flow.json')]);
    expect(d.code).toBe(1);
    expect(d.stdout).toContain('~ node route (table)');
    expect(d.stdout).toContain('/config/rows/0 [Hot]');
  });

  it('impact: a from → to table with counts and example ids', async () => {
    const r = await runCli(['impact', p('demo.flow.json'), p('demo2.flow.json'), '--leads', p('leads.ndjson'), '--now', '2025-06-02T10:00:00Z']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 of 4 leads change stage (50.0%)');
    expect(r.stdout).toMatch(/MQL\s+SQL\s+2\s+big-1, big-2/);
    expect(r.stdout).toContain('line 4: not valid JSON');
    const json = JSON.parse((await runCli(['impact', p('demo.flow.json'), p('demo2.flow.json'), '--leads', p('leads.ndjson'), '--json'])).stdout) as { leads: number };
    expect(json.leads).toBe(4);
  });

  it('--help for every command; usage errors exit 2', async () => {
    for (const c of ['validate', 'compile', 'test', 'diff', 'impact', 'serve']) {
      const r = await runCli([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`sluice ${c}`);
    }
    expect((await runCli(['--help'])).stdout).toContain('Commands:');
    expect((await runCli(['nope'])).code).toBe(2);
    expect((await runCli(['test', p('demo.flow.json')])).code).toBe(2);
    expect((await runCli(['impact', p('demo.flow.json'), p('demo2.flow.json')])).code).toBe(2);
  });
});
