// `sluice simulate` and `sluice impact` on files, through the built binary. The readable outputs
// of the same data sets are pinned by output.test.ts (__snapshots__/simulate-*.txt, impact-csv.txt).
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, iterateLeads, simulate } from '@sluice/sdk';
import type { RuleSet } from '@sluice/schemas';
import { tempDir } from '../test-support/harness.js';
import { runCli } from '../test-support/process.js';
import { HUBSPOT_CSV, SIMULATE_NDJSON } from '../test-support/fixtures.js';
import { THREADED_BYTES, type SimulateOutput } from './simulate.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const FLOW = join(EXAMPLES, 'fit-engagement-decay.flow.json');
const dir = tempDir('sluice-simulate-');
const NOW = '2025-06-11T14:00:00Z';
const run = (args: string[]) => runCli(args, { cwd: dir });

writeFileSync(join(dir, 'hubspot.csv'), HUBSPOT_CSV);
writeFileSync(join(dir, 'leads.ndjson'), SIMULATE_NDJSON);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ruleSet = (): RuleSet => {
  const r = compile(JSON.parse(readFileSync(FLOW, 'utf8')));
  if (!r.ok) throw new Error('template does not compile');
  return r.ruleSet;
};

describe('sluice simulate', () => {
  it('NDJSON: a readable summary, with bad lines named by number and skipped', async () => {
    const r = await run(['simulate', FLOW, '--leads', 'leads.ndjson', '--now', NOW]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 leads simulated, 3 rows skipped');
    expect(r.stdout).toMatch(/row 4: not valid JSON at column \d+: /);
    expect(r.stdout).toContain('row 8: now is not a date: "last tuesday"');
  });

  it('CSV: HubSpot column names mapped by default, bad rows named by number and skipped', async () => {
    const r = await run(['simulate', FLOW, '--leads', 'hubspot.csv', '--now', NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Number of Employees  →  account.employees    (CRM name)');
    const json = JSON.parse((await run(['simulate', FLOW, '--leads', 'hubspot.csv', '--now', NOW, '--json'])).stdout) as SimulateOutput;
    expect(json.leads).toBe(4);
    expect(json.dataSet.skipped).toEqual({
      count: 2,
      rows: [
        { row: 4, message: 'column "Number of Employees": "many" is not a number (account.employees is a number)' },
        { row: 7, message: 'has 5 fields, the header has 12' },
      ],
    });
    expect(json.dataSet.mapping).toContainEqual({ column: 'Number of Employees', field: 'account.employees', by: 'crm' });
  });

  it('--map maps a column by hand, and a mapping to a missing column is a usage error', async () => {
    writeFileSync(join(dir, 'own.csv'), 'Headcount,Level\n800,VP\n');
    const r = JSON.parse((await run(['simulate', FLOW, '--leads', 'own.csv', '--map', 'Headcount=account.employees', '--map', 'Level=lead.seniority', '--now', NOW, '--json'])).stdout) as SimulateOutput;
    expect(r.dataSet.mapping).toEqual([
      { column: 'Headcount', field: 'account.employees', by: 'mapping' },
      { column: 'Level', field: 'lead.seniority', by: 'mapping' },
    ]);
    expect(r.nodes.fit!.entered).toBe(1);
    const bad = await run(['simulate', FLOW, '--leads', 'own.csv', '--map', 'Size=account.employees']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('the mapping names "Size", but the header has no such column (it has "Headcount", "Level")');
  });

  it('--json: one document whose counts equal the SDK simulating the same leads', async () => {
    const out = await run(['simulate', FLOW, '--generate', '500', '--seed', '3', '--json']);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as SimulateOutput;
    const sdk = simulate(ruleSet(), iterateLeads({ count: 500, seed: 3 }), { now: NOW });
    const { ruleSet: rs, now, dataSet, ...report } = json;
    expect(report).toEqual(sdk);
    expect(rs.id).toBe('fit-engagement-decay');
    expect(now).toBe('2025-06-11T14:00:00.000Z');
    expect(dataSet).toEqual({ source: 'generated', format: 'generated', rows: 500, skipped: { count: 0, rows: [] }, seed: 3 });
  });

  it('--threads: worker threads give the same document, bad lines and row numbers included', async () => {
    // enough lines for several batches per worker, with the bad lines of leads.ndjson among them
    const big = Array.from({ length: 40 }, () => readFileSync(join(dir, 'leads.ndjson'), 'utf8')).join('\n');
    writeFileSync(join(dir, 'big.ndjson'), `${big}\n${[...iterateLeads({ count: 800, seed: 5 })].map((l) => JSON.stringify(l)).join('\n')}\n`);
    const one = await run(['simulate', FLOW, '--leads', 'big.ndjson', '--now', NOW, '--sample', '3', '--json']);
    const three = await run(['simulate', FLOW, '--leads', 'big.ndjson', '--now', NOW, '--sample', '3', '--json', '--threads', '3']);
    expect(three.code).toBe(0);
    expect(JSON.parse(three.stdout)).toEqual(JSON.parse(one.stdout));
    expect((JSON.parse(one.stdout) as SimulateOutput).dataSet.skipped.count).toBe(120);
    expect((await run(['simulate', FLOW, '--leads', 'hubspot.csv', '--threads', '2'])).stderr).toContain('--threads is for NDJSON files');
  });

  it('a file of THREADED_BYTES or more goes to worker threads by default: the same document as --threads 1', async () => {
    const lines = [...iterateLeads({ count: 5300, seed: 11 })].map((l) => JSON.stringify(l));
    lines.splice(4000, 0, '{"lead": oops}');
    const text = `${lines.join('\n')}\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(THREADED_BYTES);
    writeFileSync(join(dir, 'large.ndjson'), text);
    const auto = await run(['simulate', FLOW, '--leads', 'large.ndjson', '--now', NOW, '--sample', '2', '--json']);
    const one = await run(['simulate', FLOW, '--leads', 'large.ndjson', '--now', NOW, '--sample', '2', '--json', '--threads', '1']);
    expect(auto.code).toBe(0);
    expect(auto.stdout).toBe(one.stdout);
    expect((JSON.parse(auto.stdout) as SimulateOutput).dataSet.skipped.rows).toEqual([{ row: 4001, message: expect.stringMatching(/^not valid JSON at column 10/) }]);
  }, 60_000);

    it('fails clearly: no leads, an unreadable file, an unknown format, a file whose every row is bad', async () => {
    expect((await run(['simulate', FLOW])).code).toBe(2);
    const missing = await run(['simulate', FLOW, '--leads', 'nope.ndjson']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.ndjson: file does not exist');
    expect((await run(['simulate', FLOW, '--leads', 'leads.txt'])).stderr).toContain('name it *.csv or *.ndjson');
    writeFileSync(join(dir, 'junk.ndjson'), 'x\ny\n');
    const junk = await run(['simulate', FLOW, '--leads', 'junk.ndjson']);
    expect(junk.code).toBe(1);
    expect(junk.stdout).toContain('row 2: not valid JSON');
  });
});

describe('sluice impact (the SDK compare)', () => {
  it('a CSV data set, with the stage table and example ids', async () => {
    // the new version also sends A4 (high fit, no engagement) to the SDRs as MQL
    const flow = JSON.stringify(JSON.parse(readFileSync(FLOW, 'utf8')));
    expect(flow).toContain('["A3","B2","C1"]');
    writeFileSync(join(dir, 'a4.flow.json'), flow.replace('["A3","B2","C1"]', '["A3","A4","B2","C1"]'));
    const r = await run(['impact', FLOW, 'a4.flow.json', '--leads', 'hubspot.csv', '--now', NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 of 4 leads change stage (50.0%)');
    expect(r.stdout).toMatch(/Nurture\s+MQL\s+2\s+101, 106/);
  });
});
