import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, SECRET } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';
import { DEMO_ID } from '../test-support/fixtures.js';
import { listen } from '../adapter/node.js';
import { parseArgs as parse } from './args.js';
import { COMMANDS } from './registry.js';
import { funnelCmd, planCmd } from './funnel.js';

const planArgs = (argv: string[]) => parse(argv, COMMANDS.plan as NonNullable<typeof COMMANDS.plan>);
const funnelArgs = (argv: string[]) => parse(argv, COMMANDS.funnel as NonNullable<typeof COMMANDS.funnel>);

const PLAN = {
  schemaVersion: 1, ruleSet: DEMO_ID, name: 'Q3', period: 'quarter', target: 6, stages: ['MQL', 'SQL', 'Meeting', 'Won'],
  steps: [{ from: 'MQL', to: 'SQL', conversion: 0.4, days: 7 }, { from: 'SQL', to: 'Meeting', conversion: 0.8, days: 5 }, { from: 'Meeting', to: 'Won', conversion: 0.3, days: 45 }],
};

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) }, out, err };
}

let h: Harness | undefined;
let server: { port: number; close: () => Promise<unknown> } | undefined;
afterEach(async () => {
  await server?.close();
  await h?.close();
  server = undefined;
  h = undefined;
});

describe('sluice plan', () => {
  it('prints the plan worked back from the target; exit 1 naming every bad field', async () => {
    h = await harness();
    const file = join(h.dirs.root, `${DEMO_ID}.plan.json`);
    writeFileSync(file, JSON.stringify(PLAN));
    const good = io();
    expect(await planCmd(planArgs([file]), good.io)).toBe(0);
    expect(good.out[0]?.split('\n').slice(0, 4)).toEqual(['Q3: 6 Won a quarter', '', 'stage    per quarter  per month  to next  days  day', 'MQL               63         21     40 %     7    0']);
    writeFileSync(file, JSON.stringify({ ...PLAN, steps: [{ ...PLAN.steps[0], conversion: 40 }, PLAN.steps[1], { ...PLAN.steps[2], to: 'Closed' }] }));
    const bad = io();
    expect(await planCmd(planArgs([file]), bad.io)).toBe(1);
    expect(bad.err).toEqual([`${file}: /steps/0/conversion must be <= 1`]); // the schema first (40 is not 40 %)
    writeFileSync(file, JSON.stringify({ ...PLAN, steps: [PLAN.steps[0], PLAN.steps[1], { ...PLAN.steps[2], to: 'Closed' }] }));
    const stages = io();
    expect(await planCmd(planArgs([file]), stages.io)).toBe(1);
    expect(stages.err.join('\n').split('\n')).toEqual([`${file}: /steps/2/to unknown stage "Closed": not in /stages`, `${file}: /steps no step from "Meeting" to "Won"`]);
  });
});

describe('sluice funnel', () => {
  it('asks the runtime and prints the funnel beside the plan, marking gaps', async () => {
    h = await harness({ defaultRuleSet: DEMO_ID });
    await h.json('PUT', `/v1/rulesets/${DEMO_ID}/plan`, PLAN);
    await h.json('PUT', '/v1/leads/A', { lead: { employees: 500 } }); // MQL
    await h.json('PUT', '/v1/leads/B', { lead: { employees: 500 } }); // MQL
    await h.json('POST', '/v1/events', { events: [{ id: 'd', type: 'demo_request', at: h.clock.now, leadId: 'A' }] }); // A: SQL
    server = await listen(h.app, 0, '127.0.0.1');
    const o = io();
    const code = await funnelCmd(funnelArgs(['--url', `http://127.0.0.1:${server.port}`, '--ruleset', DEMO_ID, '--from', '2025-06-01', '--to', '2025-06-30']), o.io, { SLUICE_SECRET_KEY: SECRET });
    expect(o.err).toEqual([]);
    expect(code).toBe(0);
    const lines = (o.out[0] ?? '').split('\n');
    expect(lines[0]).toBe(`${DEMO_ID} 2025-06-01 – 2025-07-01 (to exclusive); conversions along MQL → SQL → Meeting → Won (the plan)`);
    expect(lines.slice(2, 7)).toEqual([
      'stage    reached  recycled  to next  conversion  planned  median days  planned days',
      'MQL            2         0        1        50 %     40 %            0             7',
      'SQL            1         0        0       0 % !     80 %                          5',
      'Meeting        0         0        0                 30 %                         45',
      'Won            0         0                                                         ',
    ]);
    expect(lines).toContain('! below the planned conversion');
    expect(lines.find((l) => l.startsWith('handoffs:'))).toBe('handoffs: 1 (0 on time, 0 breached, 1 open; median response - h); answers: 0 accepted, 0 sent back');
    // The example's own version has no recorded publish time; one published through the runtime has.
    expect(lines.find((l) => l.startsWith('published:'))).toBe('published: v1 (no publish time recorded)');
    h.clock.now = Date.parse('2025-06-20T09:15:00Z');
    await h.json('POST', `/v1/rulesets/${DEMO_ID}/publish`, { author: 'ops' });
    const again = io();
    await funnelCmd(funnelArgs(['--url', `http://127.0.0.1:${server.port}`, '--ruleset', DEMO_ID, '--from', '2025-06-01', '--to', '2025-06-30']), again.io, { SLUICE_SECRET_KEY: SECRET });
    expect((again.out[0] ?? '').split('\n').find((l) => l.startsWith('published:'))).toBe('published: v1 (no publish time recorded), v2 2025-06-20 09:15 UTC');
  });

  it('usage errors name what is missing', async () => {
    const o = io();
    await expect(funnelCmd(funnelArgs(['--ruleset', 'x']), o.io, {})).rejects.toThrow(/give --url/);
    await expect(funnelCmd(funnelArgs(['--url', 'http://x']), o.io, {})).rejects.toThrow(/give --ruleset/);
    await expect(funnelCmd(funnelArgs(['--url', 'http://x', '--ruleset', 'x']), o.io, {})).rejects.toThrow(/SLUICE_SECRET_KEY/);
    await expect(funnelCmd(funnelArgs(['--url', 'http://x', '--ruleset', 'x', '--by', 'week']), o.io, { SLUICE_SECRET_KEY: 'k' })).rejects.toThrow(/--by is one of/);
  });

  it('the runtime\'s refusal is one line naming the runtime', async () => {
    h = await harness();
    server = await listen(h.app, 0, '127.0.0.1');
    const url = `http://127.0.0.1:${server.port}`;
    await expect(funnelCmd(funnelArgs(['--url', url, '--ruleset', 'nope']), io().io, { SLUICE_SECRET_KEY: SECRET })).rejects.toThrow(`${url}: rule set nope does not exist`);
  });
});
