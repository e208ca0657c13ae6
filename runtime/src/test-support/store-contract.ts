// The Store contract: what every Store implementation must do, as one suite that takes a
// factory. SQLite runs it in store/sqlite.test.ts; a PostgreSQL store runs the same suite.
import { afterEach, describe, expect, it } from 'vitest';
import type { NewEvent, StageChange, StageRecordInput, Store } from '../store/store.js';
import { referenceTallies, sortedTallies, storeContents } from './funnel-reference.js';
import type { TallyRequest } from '../store/store.js';

export interface StoreFactory {
  /** A fresh, empty store. */
  open(): Promise<Store>;
  /** Drops whatever open() made (called after each test, with the store closed). */
  cleanup(): Promise<void>;
}

const T0 = Date.parse('2025-06-02T10:00:00Z');
const DAY = 86_400_000;
const rec = (recordId: string, over: Partial<StageRecordInput> = {}): StageRecordInput => ({
  leadId: 'L', ruleSetId: 'rs', version: 1, cause: 'crm', to: 'Meeting', reason: null, at: T0, source: 'crm', recordId, ...over,
});
const ev = (id: string, over: Partial<NewEvent> = {}): NewEvent => ({ id, source: 'server', type: 'page_view', at: T0, atMs: T0, leadId: 'L', ...over });

export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store | undefined;
    const open = async () => (store = await factory.open());
    afterEach(async () => {
      await store?.close();
      store = undefined;
      await factory.cleanup();
    });

    describe('event ids are unique per source', () => {
      it('keeps a browser event and a server event with the same id apart; a retry from either is a duplicate', async () => {
        const s = await open();
        const browser = await s.addEvents([ev('e1', { source: 'browser', leadId: undefined, visitorId: 'v1', type: 'page_view' })], T0);
        expect(browser.inserted.map((e) => e.id)).toEqual(['e1']);
        // The backend's own event with that id is still stored: the browser cannot shadow it.
        const server = await s.addEvents([ev('e1', { type: 'demo_request' })], T0);
        expect(server).toMatchObject({ duplicates: [], inserted: [expect.objectContaining({ id: 'e1', source: 'server' })] });
        expect(await s.addEvents([ev('e1')], T0)).toMatchObject({ inserted: [], duplicates: ['e1'] });
        expect((await s.addEvents([ev('e1', { source: 'browser', leadId: undefined, visitorId: 'v1' })], T0)).duplicates).toEqual(['e1']);
        expect(await s.countEvents()).toBe(2);
      });

      it('stores the source and the key each event came with', async () => {
        const s = await open();
        await s.addEvents([ev('a', { keyId: 'k1' }), ev('b', { source: 'browser', leadId: undefined, visitorId: 'v' })], T0);
        await s.linkVisitor('v', 'L', T0);
        const got = await s.eventsForLead('L');
        expect(got.map((e) => [e.id, e.source, e.keyId])).toEqual([['a', 'server', 'k1'], ['b', 'browser', undefined]]);
      });
    });

    describe('the re-score outbox', () => {
      it('queues the leads of new events in the same write, visitors through their lead, and not for duplicates', async () => {
        const s = await open();
        await s.linkVisitor('v1', 'L2', T0);
        for (const q of await s.queuedRescores(10)) await s.rescoreDone(q.leadId, q.seq);
        const r = await s.addEvents([ev('a'), ev('b', { leadId: undefined, visitorId: 'v1', source: 'browser' }), ev('c', { leadId: undefined, visitorId: 'nobody' })], T0);
        expect(r.leads.sort()).toEqual(['L', 'L2']);
        expect((await s.queuedRescores(10)).map((q) => [q.leadId, q.cause, q.queuedAt]).sort()).toEqual([['L', 'events', T0], ['L2', 'events', T0]]);
        for (const q of await s.queuedRescores(10)) await s.rescoreDone(q.leadId, q.seq);
        expect((await s.addEvents([ev('a')], T0)).leads).toEqual([]);
        expect(await s.queuedRescores(10)).toEqual([]);
      });

      it('clears a lead only up to the change that was re-scored: a later one keeps it queued', async () => {
        const s = await open();
        await s.addEvents([ev('a')], T0);
        const first = await s.queuedRescore('L');
        expect(first).not.toBeNull();
        await s.addEvents([ev('b')], T0 + 1);
        await s.rescoreDone('L', first?.seq ?? 0);
        const left = await s.queuedRescore('L');
        expect(left?.seq).toBeGreaterThan(first?.seq ?? 0);
        expect(left?.queuedAt).toBe(T0 + 1);
        await s.rescoreDone('L', left?.seq ?? 0);
        expect(await s.queuedRescore('L')).toBeNull();
      });

      it('queues leads whose attributes or visitors change', async () => {
        const s = await open();
        await s.putLead('A', { x: 1 }, undefined, T0);
        await s.mergeLeadAttributes('B', { y: 2 }, T0);
        await s.linkVisitor('v', 'C', T0);
        await s.linkVisitor('v', 'D', T0); // D gains the visitor's events, C loses them
        const q = await s.queuedRescores(10);
        expect(q.map((x) => [x.leadId, x.cause])).toEqual([['A', 'lead'], ['B', 'identify'], ['C', 'identify'], ['D', 'identify']]);
      });
    });

    describe('reading a lead\'s events', () => {
      const seed = async (s: Store) => {
        // Oldest first by time; e3 and e4 share a time and keep their arrival order.
        await s.addEvents([ev('e2', { atMs: T0 - 10 * DAY, at: T0 - 10 * DAY }), ev('e1', { atMs: T0 - 100 * DAY, at: T0 - 100 * DAY })], T0);
        await s.addEvents([ev('e3', { atMs: T0 - DAY, at: T0 - DAY }), ev('e4', { source: 'browser', leadId: undefined, visitorId: 'v', atMs: T0 - DAY, at: T0 - DAY })], T0);
        await s.addEvents([ev('e5', { atMs: T0 + DAY, at: T0 + DAY }), ev('other', { leadId: 'M' })], T0);
        await s.linkVisitor('v', 'L', T0);
      };

      it('reads all, or those since a time (at most the newest `limit`), plus the newest few before a time', async () => {
        const s = await open();
        await seed(s);
        const ids = async (w?: Parameters<Store['eventsForLead']>[1]) => (await s.eventsForLead('L', w)).map((e) => e.id);
        expect(await ids()).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
        expect(await ids({ sinceMs: T0 - 10 * DAY })).toEqual(['e2', 'e3', 'e4', 'e5']);
        expect(await ids({ sinceMs: T0 - 10 * DAY, limit: 2 })).toEqual(['e4', 'e5']);
        expect(await ids({ sinceMs: T0, newest: { count: 2, atOrBeforeMs: T0 } })).toEqual(['e3', 'e4', 'e5']);
        expect(await ids({ sinceMs: T0 + 2 * DAY, newest: { count: 3, atOrBeforeMs: T0 } })).toEqual(['e2', 'e3', 'e4']);
      });

      it('takes fractional times (an epoch sent with a fraction, a window of fractional days) as they are', async () => {
        const s = await open();
        await s.addEvents([ev('f1', { at: T0 + 0.5, atMs: T0 + 0.5 }), ev('f0', { at: T0 - 0.25, atMs: T0 - 0.25 })], T0);
        const ids = async (w: Parameters<Store['eventsForLead']>[1]) => (await s.eventsForLead('L', w)).map((e) => [e.id, e.atMs]);
        expect(await ids({ sinceMs: T0 + 0.4, limit: 10 })).toEqual([['f1', T0 + 0.5]]);
        expect(await ids({ sinceMs: T0 + 0.6, newest: { count: 5, atOrBeforeMs: T0 - 0.1 } })).toEqual([['f0', T0 - 0.25]]);
      });

      it('pages newest first with a stable order, and a page boundary inside equal times loses nothing', async () => {
        const s = await open();
        await seed(s);
        const seen: string[] = [];
        let before: { atMs: number; seq: number } | undefined;
        for (;;) {
          const page = await s.leadEventsPage('L', { limit: 2, ...(before ? { before } : {}) });
          if (page.length === 0) break;
          seen.push(...page.map((e) => e.id));
          const last = page[page.length - 1];
          before = last ? { atMs: last.atMs, seq: last.seq } : undefined;
          // An event arriving while paging does not shift later pages.
          if (seen.length === 2) await s.addEvents([ev('late', { atMs: T0 + 5 * DAY, at: T0 + 5 * DAY })], T0);
        }
        expect(seen).toEqual(['e5', 'e4', 'e3', 'e2', 'e1']);
      });
    });

    it('pages the ids of every known lead (record, events or linked visitor) in id order after a cursor', async () => {
      const s = await open();
      await s.putLead('b', { x: 1 }, undefined, T0);
      await s.putLead('d', { x: 1 }, undefined, T0);
      await s.addEvents([ev('e1', { leadId: 'a' }), ev('e2', { leadId: 'a' }), ev('e3', { leadId: 'd' })], T0);
      await s.linkVisitor('v1', 'c', T0);
      await s.addEvents([ev('e4', { leadId: undefined, visitorId: 'anon', source: 'browser' })], T0);
      expect(await s.leadIdsAfter('', 10)).toEqual(['a', 'b', 'c', 'd']);
      expect(await s.leadIdsAfter('', 2)).toEqual(['a', 'b']);
      expect(await s.leadIdsAfter('b', 2)).toEqual(['c', 'd']);
      expect(await s.leadIdsAfter('d', 2)).toEqual([]);
    });

    it('records a stage change with its history, handoff and webhook deliveries together', async () => {
      const s = await open();
      const r = await s.recordStage({ leadId: 'L', ruleSetId: 'rs', version: 1, stage: 'SQL', at: T0, cause: 'events', handoff: { dueAt: T0 + DAY, team: 'ae' }, webhooks: ['https://a.example/h', 'https://b.example/h'] });
      expect(r).toEqual({ changed: true, from: null });
      expect(await s.recordStage({ leadId: 'L', ruleSetId: 'rs', version: 1, stage: 'SQL', at: T0 + 1, cause: 'events', handoff: { dueAt: T0 + DAY } })).toEqual({ changed: false, from: 'SQL' });
      expect(await s.stageHistory('L')).toEqual([expect.objectContaining({ from: null, to: 'SQL', cause: 'events' })]);
      expect(await s.handoffs('L')).toEqual([expect.objectContaining({ stage: 'SQL', team: 'ae' })]);
      expect((await s.listDeliveries(undefined, 10)).map((d) => d.url).sort()).toEqual(['https://a.example/h', 'https://b.example/h']);
    });

    describe('stages recorded from outside the flows', () => {
      it('go into the history after the lead\'s stage at that time, once per (source, id), without moving the flow\'s stage', async () => {
        const s = await open();
        await s.recordStage({ leadId: 'L', ruleSetId: 'rs', version: 1, stage: 'SQL', at: T0, cause: 'events' });
        const r = await s.recordStageRecord(rec('m1', { at: T0 + DAY }));
        expect(r).toEqual({ recorded: true, record: { leadId: 'L', ruleSetId: 'rs', version: 1, from: 'SQL', to: 'Meeting', at: T0 + DAY, cause: 'crm', source: 'crm', recordId: 'm1' } });
        // Re-sent (even with other content): the stored record, nothing new.
        expect(await s.recordStageRecord(rec('m1', { to: 'Won', at: T0 + 2 * DAY }))).toEqual({ recorded: false, record: r.record });
        // The same id from another system is another record; a backdated one follows the stage at its time.
        expect((await s.recordStageRecord(rec('m1', { source: 'hubspot', at: T0 - DAY, to: 'Lead' }))).record).toMatchObject({ from: null, to: 'Lead', source: 'hubspot' });
        expect((await s.stageHistory('L', 'rs')).map((c) => [c.to, c.cause, c.source ?? null])).toEqual([['SQL', 'events', null], ['Meeting', 'crm', 'crm'], ['Lead', 'crm', 'hubspot']]);
        expect((await s.stages('L')).map((x) => x.stage)).toEqual(['SQL']);
      });

      it('set lead attributes and queue the lead for re-scoring in the same write; a handoff answer keeps its reason', async () => {
        const s = await open();
        await s.putLead('L', { email: 'a@b.example' }, { name: 'Acme' }, T0);
        for (const x of await s.queuedRescores(10)) await s.rescoreDone(x.leadId, x.seq);
        const r = await s.recordStageRecord(rec('h1', { cause: 'handoff', to: 'sent back', reason: 'too_early', attributes: { sendBack: { reason: 'too_early', at: '2025-06-02T10:00:00.000Z' } } }));
        expect(r.record).toMatchObject({ cause: 'handoff', to: 'sent back', reason: 'too_early', from: null });
        expect(await s.getLead('L')).toMatchObject({ attributes: { email: 'a@b.example', sendBack: { reason: 'too_early' } }, account: { name: 'Acme' } });
        expect((await s.queuedRescores(10)).map((x) => [x.leadId, x.cause])).toEqual([['L', 'crm']]);
        const answers = async (fromMs: number, toMs: number) => (await s.funnelTallies({ ruleSetId: 'rs', fromMs, toMs, sequence: ['Lead'], recycledStage: 'Recycled', now: T0 })).handoffs;
        expect(await answers(T0, T0 + 1)).toEqual([{ group: null, total: 0, onTime: 0, breached: 0, open: 0, responseMs: [], accepted: 0, sentBack: 1 }]);
        expect(await answers(T0 + 1, T0 + DAY)).toEqual([]);
      });
    });

    describe('the funnel\'s tallies', () => {
      const SEQ = ['Lead', 'MQL', 'SQL', 'Won'];
      const tq = (over: Partial<TallyRequest> = {}): TallyRequest => ({ ruleSetId: 'rs', fromMs: T0, toMs: T0 + 60 * DAY, sequence: SEQ, recycledStage: 'Recycled', now: T0, ...over });

      it('each lead\'s first entry per stage in the window, counted once, with its time to a later stage; recycled ones apart', async () => {
        const s = await open();
        const flow = (leadId: string, stage: string, day: number) => s.recordStage({ leadId, ruleSetId: 'rs', version: day < 50 ? 1 : 2, stage, at: T0 + day * DAY, cause: 'events' });
        await flow('A', 'Lead', 0);
        await flow('A', 'MQL', 3);
        await flow('A', 'Lead', 4); // back to Lead: its first entry in the window stays day 0
        await s.recordStageRecord(rec('a-won', { leadId: 'A', to: 'Won', at: T0 + 100 * DAY })); // skips SQL: still a conversion of MQL
        await flow('B', 'Lead', -5); // before the window
        await flow('B', 'MQL', 1);
        await flow('C', 'Recycled', 2);
        await flow('C', 'MQL', 10);
        await flow('D', 'Nurture', 5);
        await s.recordStageRecord(rec('d-ok', { leadId: 'D', cause: 'handoff', to: 'accepted', at: T0 + 6 * DAY }));
        await s.recordStage({ leadId: 'E', ruleSetId: 'other', version: 1, stage: 'Lead', at: T0, cause: 'events' });
        await flow('F', 'Lead', 60); // after the window
        const t = sortedTallies(await s.funnelTallies(tq()));
        expect(t.stages.map((x) => [x.stage, x.reached, x.recycled, x.toNextMs.map((ms) => ms / DAY)])).toEqual([
          ['Lead', 1, 0, [3]],
          ['MQL', 2, 1, [97]],
          ['Nurture', 1, 0, []],
          ['Recycled', 1, 0, []],
        ]);
        expect(t.handoffs).toEqual([{ group: null, total: 0, onTime: 0, breached: 0, open: 0, responseMs: [], accepted: 1, sentBack: 0 }]);
        // Another sequence is another basis: MQL's next stage is now SQL, which nobody reached.
        const other = sortedTallies(await s.funnelTallies(tq({ sequence: ['Lead', 'MQL', 'SQL'] })));
        expect(other.stages.map((x) => [x.stage, x.toNextMs.length])).toEqual([['Lead', 1], ['MQL', 0], ['Nurture', 0], ['Recycled', 0]]);
        // … and a record written now is worked out for the basis in place.
        await s.recordStageRecord(rec('b-sql', { leadId: 'B', to: 'SQL', at: T0 + 20 * DAY }));
        expect(sortedTallies(await s.funnelTallies(tq({ sequence: ['Lead', 'MQL', 'SQL'] }))).stages.find((x) => x.stage === 'MQL')?.toNextMs).toEqual([19 * DAY]);
      });

      it('equal the reference for records out of order, re-sent, at equal times, handoffs and answers; by version, month, quarter and source; across new bases and batches', async () => {
        const s = await open();
        // A small deterministic history: flow changes in time order, CRM records dated before
        // or between them (a CRM catching up), equal times, re-sent records, handoff answers.
        let x = 7;
        const rnd = (n: number) => ((x = (x * 1103515245 + 12345) % 2147483648), x % n);
        const stages = ['Lead', 'MQL', 'SQL', 'Recycled', 'Nurture', 'Meeting', 'Won'];
        const write = async (n: number) => {
          for (let i = 0; i < n; i++) {
            const leadId = `L${rnd(12)}`;
            const day = rnd(40) - 5;
            const stage = stages[rnd(stages.length)] as string;
            if (i % 3 === 0) await s.recordStage({ leadId, ruleSetId: 'rs', version: 1 + (day > 20 ? 1 : 0), stage, at: T0 + day * DAY, cause: 'events', ...(stage === 'SQL' ? { handoff: { dueAt: T0 + (day + 1) * DAY } } : {}) });
            else if (i % 11 === 0) await s.recordStageRecord(rec(`h${i}`, { leadId, cause: 'handoff', to: i % 2 ? 'accepted' : 'sent back', at: T0 + day * DAY }));
            else await s.recordStageRecord(rec(`r${rnd(90)}`, { leadId, to: stage, at: T0 + day * DAY + (i % 4 === 0 ? 0 : rnd(3) * 3_600_000) }));
            if (i % 13 === 0) await s.touch(leadId, T0 + (day + rnd(3)) * DAY, 'ae');
          }
        };
        for (let l = 0; l < 12; l += 3) await s.putLead(`L${l}`, { source: l % 2 ? 'webinar' : 'ads' }, undefined, T0);
        await s.putLead('L1', { source: 42 }, undefined, T0); // not a string: no source
        await write(100);
        await s.recordStageRecord(rec('other-rs', { leadId: 'L1', ruleSetId: 'other', to: 'MQL', at: T0 }));
        const check = async (sequence: string[], o: { batchRecords?: number } = {}) => {
          await s.prepareFunnel('rs', sequence, 'Recycled', o);
          const { history, handoffs, sources } = await storeContents(s, Array.from({ length: 12 }, (_, l) => `L${l}`));
          for (const [from, to] of [[-5, 40], [0, 10], [3, 4], [10, 25], [20, 21], [-30, 0]] as const) {
            for (const by of [undefined, 'version', 'month', 'quarter', 'source'] as const) {
              const q = tq({ fromMs: T0 + from * DAY, toMs: T0 + to * DAY, sequence, now: T0 + 10 * DAY, ...(by ? { by } : {}) });
              expect(sortedTallies(await s.funnelTallies(q)), `window ${from}..${to} by ${by}`).toEqual(sortedTallies(referenceTallies(history, handoffs, sources, q)));
            }
          }
        };
        await check(['Lead', 'MQL', 'SQL', 'Meeting', 'Won'], { batchRecords: 7 });
        await write(60); // worked out as written, for the basis in place
        // Sources change after the records: the funnel groups by the source a lead has now.
        await s.putLead('L3', { source: 'event' }, undefined, T0);
        await s.mergeLeadAttributes('L1', { source: 'ads' }, T0);
        await s.recordStageRecord(rec('src', { leadId: 'L6', to: 'MQL', at: T0 + 2 * DAY, attributes: { source: 'partner' } }));
        await check(['Lead', 'MQL', 'SQL', 'Meeting', 'Won']);
        await check(['MQL', 'Meeting', 'SQL'], { batchRecords: 1 });
      });

      it('handoffs created in the window: on time, breached, open at `now`, response times', async () => {
        const s = await open();
        await s.recordStage({ leadId: 'A', ruleSetId: 'rs', version: 1, stage: 'SQL', at: T0, cause: 'events', handoff: { dueAt: T0 + DAY } });
        await s.recordStage({ leadId: 'B', ruleSetId: 'rs', version: 1, stage: 'SQL', at: T0 + 5 * DAY, cause: 'events', handoff: { dueAt: T0 + 6 * DAY } });
        await s.recordStage({ leadId: 'C', ruleSetId: 'other', version: 1, stage: 'SQL', at: T0, cause: 'events', handoff: { dueAt: T0 + DAY } });
        const h = async (now: number) => (await s.funnelTallies(tq({ toMs: T0 + 5 * DAY, now }))).handoffs;
        expect(await h(T0)).toEqual([{ group: null, total: 1, onTime: 0, breached: 0, open: 1, responseMs: [], accepted: 0, sentBack: 0 }]);
        expect(await h(T0 + 2 * DAY)).toEqual([expect.objectContaining({ total: 1, breached: 1, open: 0 })]);
        await s.touch('A', T0 + 3_600_000, 'ae');
        expect(await h(T0 + 2 * DAY)).toEqual([expect.objectContaining({ total: 1, onTime: 1, breached: 0, responseMs: [3_600_000] })]);
      });
    });
  });
}
