// Three built runtimes on one PostgreSQL database, many clients sending overlapping events for
// overlapping leads through all of them, one runtime killed with kill -9 midway and started
// again: every acknowledged event is stored once, every lead's stage history is one chain
// ending in the stage its events give, every stage change is delivered once to a local
// receiver, and every handoff (SLA breach) exists once.
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { tempDir } from './test-support/harness.js';
import { demoFlow } from './test-support/fixtures.js';
import { jsonCaller, kill9, startServer } from './test-support/process.js';
import { createTestDatabase, postgres } from './test-support/postgres.js';

const KEY = 'sk_multi_instance_key';
const FLOW = 'multi-flow';
const CLIENTS = 50;
const BATCHES_PER_CLIENT = 6;
const LEADS = 20;
const call = jsonCaller(KEY);

describe.skipIf(!postgres.available)(`three runtimes on one PostgreSQL, one killed midway${postgres.skipNote}`, () => {
  const children = new Set<ChildProcess>();
  const root = tempDir('sluice-multi-');
  let drop = async () => {};
  afterAll(async () => {
    await Promise.all([...children].map((c) => kill9(c)));
    await drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('stores every acknowledged event once, keeps stage histories consistent, delivers each change once, duplicates no handoff', async () => {
    // The webhook receiver counts deliveries by their id.
    const received = new Map<string, number>();
    const receiver = createServer((req, res) => {
      const id = String(req.headers['x-sluice-delivery']);
      req.resume().on('end', () => {
        received.set(id, (received.get(id) ?? 0) + 1);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    const db = await createTestDatabase();
    drop = db.drop;
    const examples = join(root, 'examples');
    mkdirSync(examples, { recursive: true });
    writeFileSync(join(examples, `${FLOW}.flow.json`), JSON.stringify(demoFlow(FLOW, { webhooks: [{ url: hook }] })));
    const env = {
      SLUICE_SECRET_KEY: KEY, SLUICE_WEBHOOK_SECRET: 'whsec_multi', SLUICE_IDENTITY_SECRET: 'idsec_multi',
      SLUICE_EXAMPLES_DIR: examples, SLUICE_EDITOR_DIR: '', SLUICE_RATE_LIMIT: 'off', SLUICE_GIT: 'off', SLUICE_DEFAULT_RULESET: FLOW,
      // A delivery the killed runtime had claimed is due again after the lease: at least the
      // delivery timeout (10 s) + 1 s, whatever is asked, so a slow receiver is not sent twice.
      SLUICE_WEBHOOK_LEASE_MS: '2000', SLUICE_WEBHOOK_BASE_DELAY_MS: '200', SLUICE_WEBHOOK_ALLOW: '127.0.0.1/32',
    };
    // Stateless runtimes: each its own data and rules folder, the state in the database.
    const start = async (n: number) => {
      const dir = join(root, `i${n}-${Date.now()}`);
      const s = await startServer(['--database', db.url, '--data', join(dir, 'data'), '--rules', join(dir, 'rules')], env);
      children.add(s.child);
      return s;
    };
    const instances = await Promise.all([0, 1, 2].map(start));
    for (const s of instances) expect((await call(s.url, 'GET', '/readyz')).body).toMatchObject({ ready: true, database: 'postgres' });
    const live = instances.map((s) => s.url);

    // Overlapping ids: every client draws from the same few events per lead; an id always
    // names the same event (lead, type), as a retrying client's would.
    let seed = 7;
    const rnd = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
    const at = Date.now() - 60_000;
    const event = (lead: number, k: number) => ({ id: `L${lead}-e${k}`, type: k >= 6 ? 'demo_request' : 'page_view', at, leadId: `L${lead}` });
    const acked = new Set<string>();
    let answered = 0;
    let killedAt: Promise<{ receivedBefore: Set<string>; pendingAfter: Set<string> }> | undefined;
    const client = async (c: number) => {
      for (let b = 0; b < BATCHES_PER_CLIENT; b++) {
        const lead = (c + b * 7) % LEADS;
        const events = [event(lead, rnd(8)), event(lead, rnd(8)), event((lead + 1) % LEADS, rnd(8))];
        // A request the dying runtime never answered is sent again elsewhere (same ids).
        for (let attempt = 0; attempt < 5; attempt++) {
          const url = live[rnd(live.length)] as string;
          const r = await call(url, 'POST', '/v1/events', { events }).catch(() => null);
          if (r?.status === 200) {
            for (const e of events) acked.add(e.id);
            answered++;
            break;
          }
        }
        if (answered === Math.floor((CLIENTS * BATCHES_PER_CLIENT) / 3) && !killedAt) killedAt = killOne();
      }
    };
    const killOne = async () => {
      const victim = instances[1]!;
      live.splice(live.indexOf(victim.url), 1);
      await kill9(victim.child);
      children.delete(victim.child);
      // What only the dead runtime knew: deliveries it sent whose success it never stored. Bytes
      // it wrote before dying still arrive after its death (the kernel sends them), and a busy
      // receiver reads them late: wait well short of the 2 s lease, after which another runtime
      // may send them again, before taking stock.
      await new Promise((r) => setTimeout(r, 500));
      const receivedBefore = new Set(received.keys());
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const pendingAfter = new Set((await c.query("SELECT id FROM webhook_deliveries WHERE status = 'pending'")).rows.map((r: { id: string }) => String(r.id)));
      await c.end();
      const again = await start(3);
      live.push(again.url);
      return { receivedBefore, pendingAfter };
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    expect(killedAt).toBeDefined();
    const { receivedBefore, pendingAfter } = await killedAt!;

    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const one = async (sql: string) => Number((await c.query(sql)).rows[0].n);
    try {
      // Leads the dead runtime had queued are re-scored by another (writes trigger the drain of
      // entries older than 5 s); deliveries it had claimed come back after their lease.
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const queued = await one('SELECT COUNT(*) AS n FROM rescore_queue');
        const pending = await one("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'pending'");
        if (queued === 0 && pending === 0) break;
        await call(live[0]!, 'POST', '/v1/events', { events: [{ id: `tick-${Date.now()}`, type: 'tick', at: Date.now(), leadId: 'nobody' }] });
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(await one('SELECT COUNT(*) AS n FROM rescore_queue')).toBe(0);

      // Every acknowledged event stored, once.
      const stored = (await c.query("SELECT id, COUNT(*) AS n FROM events WHERE source = 'server' AND lead_id <> 'nobody' GROUP BY id")).rows as { id: string; n: string }[];
      expect(stored.filter((r) => Number(r.n) !== 1)).toEqual([]);
      const storedIds = new Set(stored.map((r) => r.id));
      expect([...acked].filter((id) => !storedIds.has(id))).toEqual([]);
      expect(acked.size).toBeGreaterThan(LEADS * 3);

      // Stage histories: one chain per lead, ending in the stage its stored events give now.
      let changes = 0;
      const deliveries = (await c.query('SELECT id, lead_id, payload, status FROM webhook_deliveries ORDER BY id')).rows as { id: string; lead_id: string; payload: string; status: string }[];
      const breaches = (await call(live[0]!, 'GET', `/v1/sla/breaches?now=${encodeURIComponent('2100-01-01T00:00:00Z')}&limit=1000`)).body.breaches as { leadId: string; stage: string; createdAt: string }[];
      for (let l = 0; l < LEADS; l++) {
        const lead = `L${l}`;
        const r = await call(live[0]!, 'GET', `/v1/leads/${lead}`);
        expect(r.status, lead).toBe(200);
        const view = r.body.ruleSets[0];
        expect(view.stage?.stage, lead).toBe(view.result.outcome.stage);
        const history = view.history as { from: string | null; to: string }[];
        history.forEach((h, i) => expect(h.from, `${lead} change ${i}`).toBe(i === 0 ? null : history[i - 1]!.to));
        changes += history.length;
        // One delivery per change, each delivered.
        const mine = deliveries.filter((d) => d.lead_id === lead);
        expect(mine.map((d) => { const p = JSON.parse(d.payload) as { from: string | null; to: string }; return `${p.from}→${p.to}`; }), lead).toEqual(history.map((h) => `${h.from}→${h.to}`));
        // One handoff per entry into SQL, and each breach listed once.
        const sqlEntries = history.filter((h) => h.to === 'SQL').length;
        expect(r.body.handoffs.length, lead).toBe(sqlEntries);
        expect(breaches.filter((b) => b.leadId === lead).length, lead).toBe(sqlEntries);
      }
      expect(changes).toBeGreaterThanOrEqual(LEADS);
      expect(new Set(breaches.map((b) => `${b.leadId} ${b.stage} ${b.createdAt}`)).size).toBe(breaches.length);

      // Each delivery reached the receiver; more than once only if the dead runtime had sent
      // it without storing its success (at-least-once; the delivery id lets receivers dedupe).
      expect(deliveries.filter((d) => d.status !== 'delivered')).toEqual([]);
      for (const d of deliveries) expect(received.get(String(d.id)) ?? 0, `delivery ${d.id}`).toBeGreaterThanOrEqual(1);
      const twice = [...received].filter(([, n]) => n > 1).map(([id]) => id);
      expect(twice.filter((id) => !(receivedBefore.has(id) && pendingAfter.has(id)))).toEqual([]);
    } finally {
      await c.end();
      receiver.close();
    }
  }, 180_000);
});
