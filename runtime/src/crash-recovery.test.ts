// kill -9 during ingestion, again and again, against the built server as a real process:
// no stage change may be lost between storing a batch of events and re-scoring its leads.
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { demoFlow } from './test-support/fixtures.js';
import { jsonCaller, kill9, serverFolders, startServer } from './test-support/process.js';

const KEY = 'sk_crash_test_key';
const FLOW = 'crash-flow';
const CYCLES = 20;
const LEADS_PER_CYCLE = 6;
const { root, dirs, args } = serverFolders('sluice-crash-');
// Deliveries are queued with the change; where they go does not matter here (nothing listens).
writeFileSync(join(dirs.examples, `${FLOW}.flow.json`), JSON.stringify(demoFlow(FLOW, { webhooks: [{ url: 'http://127.0.0.1:9/sluice' }] })));
const env = {
  SLUICE_SECRET_KEY: KEY, SLUICE_EXAMPLES_DIR: dirs.examples, SLUICE_EDITOR_DIR: '', SLUICE_RATE_LIMIT: 'off', SLUICE_GIT: 'off',
  SLUICE_DEFAULT_RULESET: FLOW, SLUICE_WEBHOOK_BASE_DELAY_MS: '600000',
};
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child) await kill9(child);
  rmSync(root, { recursive: true, force: true });
});

const call = jsonCaller(KEY);

/** Each lead climbs Nurture → MQL → SQL (with a handoff): three batches, three stage changes. */
function batchesFor(lead: string): { events: unknown[] }[] {
  const at = Date.now() - 60_000;
  return [
    { events: [{ id: `${lead}-p1`, type: 'page_view', at, leadId: lead }] },
    { events: [{ id: `${lead}-d1`, type: 'demo_request', at, leadId: lead }, { id: `${lead}-p2`, type: 'page_view', at, leadId: lead }] },
    { events: [{ id: `${lead}-d2`, type: 'demo_request', at, leadId: lead }] },
  ];
}

describe('kill -9 during ingestion', () => {
  it(`loses no stage change, handoff or webhook delivery over ${CYCLES} crashes`, async () => {
    const leads: string[] = [];
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const s = await startServer(args, env);
      child = s.child;
      const mine = Array.from({ length: LEADS_PER_CYCLE }, (_, i) => `c${cycle}-l${i}`);
      leads.push(...mine);
      // Every lead sends its batches one after the other; the leads run side by side. Some
      // batches are still in flight when the process dies, at a different moment each cycle.
      let answered: () => void = () => {};
      const firstAnswer = new Promise<void>((r) => (answered = r));
      const sending = Promise.all(
        mine.map(async (lead) => {
          for (const b of batchesFor(lead)) {
            await call(s.url, 'POST', '/v1/events', b).then(answered, () => undefined);
          }
        }),
      );
      // Once the server is answering (however loaded the machine is), at a random moment.
      await firstAnswer;
      await new Promise((r) => setTimeout(r, rnd() * 40));
      await kill9(s.child);
      await sending;
    }

    const s = await startServer(args, env);
    child = s.child;
    const deliveries = (await call(s.url, 'GET', '/v1/webhooks/deliveries?limit=1000')).body.deliveries as { leadId: string; payload: { from: string | null; to: string } }[];
    let changes = 0;
    for (const lead of leads) {
      const r = await call(s.url, 'GET', `/v1/leads/${lead}`);
      if (r.status === 404) continue; // killed before its first batch was stored
      const view = r.body.ruleSets[0];
      // The recorded stage is the stage its stored events give.
      expect(view.stage?.stage, lead).toBe(view.result.outcome.stage);
      const history = view.history as { from: string | null; to: string }[];
      changes += history.length;
      // Every change has its webhook delivery, and every entry into SQL its handoff.
      const mineD = deliveries.filter((d) => d.leadId === lead).map((d) => `${d.payload.from}→${d.payload.to}`).sort();
      expect(mineD, lead).toEqual(history.map((h) => `${h.from}→${h.to}`).sort());
      expect(r.body.handoffs.length, lead).toBe(history.filter((h) => h.to === 'SQL').length);
    }
    // The run did move leads (not a test that cannot fail).
    expect(changes).toBeGreaterThanOrEqual(CYCLES);
    await kill9(s.child);
    child = undefined;
  }, 120_000);
});
