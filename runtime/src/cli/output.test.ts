// What a person sees from the CLI, pinned as readable text files in __snapshots__/ (one per
// command line: the command, its exit code, stdout and stderr). Runs the built binary in a
// folder of fixtures, so the paths in the output are the short relative ones a user types.
// After an intended change: pnpm exec vitest run runtime/src/cli/output.test.ts -u, and
// review the .txt diffs.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../test-support/harness.js';
import { brokenFlow, demoFlow, HUBSPOT_CSV, SIMULATE_NDJSON } from '../test-support/fixtures.js';
import { runCli } from '../test-support/process.js';

const dir = tempDir('sluice-cli-out-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (f: string, text: string) => writeFileSync(join(dir, f), text);

/** demoFlow whose "Hot" row is long (twelve conditions) and ends with `fit >= sqlAt`. */
function longRuleFlow(sqlAt: number): Record<string, unknown> {
  const f = demoFlow('demo', { sqlAt }) as { nodes: { id: string; config: { rows?: { when: { all: unknown[] } }[] } }[] };
  const row = f.nodes.find((n) => n.id === 'route')?.config.rows?.[0];
  if (!row) throw new Error('demoFlow has no Hot row');
  const employees = Array.from({ length: 11 }, (_, i) => ({ fact: 'lead', path: '$.employees', operator: 'notEqual', value: 1000 + i }));
  row.when.all = [...employees, ...row.when.all];
  return f as unknown as Record<string, unknown>;
}

write('demo.flow.json', `${JSON.stringify(demoFlow('demo'), null, 2)}\n`);
write('broken.flow.json', `${JSON.stringify(brokenFlow('broken'), null, 2)}\n`);
write('long.flow.json', JSON.stringify(longRuleFlow(60), null, 2));
write('long2.flow.json', JSON.stringify(longRuleFlow(45), null, 2));
write('trailing-comma.flow.json', '{\n  "schemaVersion": 1,\n  "id": "x",\n  "nodes": [],\n}\n');
write('truncated.ruleset.json', '{"id": "x"');
// A minified document is one long line: the excerpt shows a window around the column.
write('minified.flow.json', JSON.stringify(demoFlow('demo')).replace('"MQL"', "'MQL'"));
write('failing.cases.json', JSON.stringify({
  schemaVersion: 1,
  ruleSet: 'demo',
  cases: [
    { name: 'big company → MQL', input: { lead: { employees: 500 } }, now: '2025-06-02T10:00:00Z', expect: { outcome: { stage: 'MQL' } } },
    { name: 'small company → SQL', input: { lead: { employees: 5 } }, now: '2025-06-02T10:00:00Z', expect: { outcome: { stage: 'SQL' } } },
  ],
}));
write('leads.ndjson', [JSON.stringify({ id: 'big', lead: { employees: 500 } }), '{"id": "half"', JSON.stringify({ id: 'small', lead: { employees: 5 } })].join('\n'));

// Simulate and impact on a template: a HubSpot export and NDJSON, each with bad rows; the second
// version also sends A4 (high fit, no engagement) to the SDRs as MQL.
const fit = JSON.stringify(JSON.parse(readFileSync(new URL('../../../examples/fit-engagement-decay.flow.json', import.meta.url), 'utf8')));
write('fit.flow.json', fit);
write('fit-a4.flow.json', fit.replace('["A3","B2","C1"]', '["A3","A4","B2","C1"]'));
write('hubspot.csv', HUBSPOT_CSV);
write('sim-leads.ndjson', SIMULATE_NDJSON);
const SIM_NOW = '2025-06-11T14:00:00Z';

/** name → command line (after `sluice`). */
const CASES: Record<string, string[]> = {
  'validate-ok': ['validate', 'demo.flow.json'],
  'validate-problems': ['validate', 'demo.flow.json', 'broken.flow.json', 'trailing-comma.flow.json', 'truncated.ruleset.json'],
  'validate-missing-file': ['validate', 'demo.flow.json', 'missing.flow.json', 'notes.txt'],
  'validate-minified-json': ['validate', 'minified.flow.json'],
  'validate-unknown-option': ['validate', 'demo.flow.json', '--bogus'],
  'compile-missing-value': ['compile', 'demo.flow.json', '-o'],
  'compile-missing-file': ['compile', 'missing.flow.json'],
  'test-failing-case': ['test', 'demo.flow.json', 'failing.cases.json'],
  'test-missing-file': ['test', 'demo.flow.json', 'missing.cases.json'],
  'test-extra-argument': ['test', 'demo.flow.json', 'failing.cases.json', 'more.json'],
  'diff-long-rule': ['diff', 'long.flow.json', 'long2.flow.json'],
  'diff-missing-file': ['diff', 'demo.flow.json', 'missing.flow.json'],
  'diff-invalid-json': ['diff', 'demo.flow.json', 'truncated.ruleset.json'],
  'impact-bad-line': ['impact', 'demo.flow.json', 'long2.flow.json', '--leads', 'leads.ndjson', '--now', '2025-06-02T10:00:00Z'],
  'impact-missing-leads': ['impact', 'demo.flow.json', 'long2.flow.json', '--leads', 'missing.ndjson'],
  'impact-unknown-option': ['impact', 'demo.flow.json', 'long2.flow.json', '--lead', 'leads.ndjson'],
  'simulate-ndjson': ['simulate', 'fit.flow.json', '--leads', 'sim-leads.ndjson', '--now', SIM_NOW],
  'simulate-csv': ['simulate', 'fit.flow.json', '--leads', 'hubspot.csv', '--now', SIM_NOW],
  'simulate-csv-bad-mapping': ['simulate', 'fit.flow.json', '--leads', 'hubspot.csv', '--map', 'Headcount=account.employees'],
  'simulate-missing-leads': ['simulate', 'fit.flow.json', '--leads', 'missing.ndjson'],
  'impact-csv': ['impact', 'fit.flow.json', 'fit-a4.flow.json', '--leads', 'hubspot.csv', '--now', SIM_NOW],
  'serve-bad-port': ['serve', '--port', 'eighty'],
  'unknown-command': ['valdate', 'demo.flow.json'],
};

describe('CLI output (snapshots in __snapshots__/*.txt)', () => {
  for (const [name, args] of Object.entries(CASES)) {
    it(name, async () => {
      const r = await runCli(args, { cwd: dir });
      const block = (label: string, text: string) => `--- ${label}\n${text === '' ? '(nothing)\n' : text}`;
      const shown = `$ sluice ${args.join(' ')}\nexit ${r.code}\n${block('stdout', r.stdout)}${block('stderr', r.stderr)}`;
      await expect(shown).toMatchFileSnapshot(`__snapshots__/${name}.txt`);
    });
  }
});
