// The Store contract: what every Store implementation must do, as one suite that takes a
// factory. SQLite runs it in store/sqlite.test.ts; a PostgreSQL store runs the same suite.
import { afterEach, describe, expect, it } from 'vitest';
import type { NewEvent, Store } from '../store/store.js';

export interface StoreFactory {
  /** A fresh, empty store. */
  open(): Promise<Store>;
  /** Drops whatever open() made (called after each test, with the store closed). */
  cleanup(): Promise<void>;
}

const T0 = Date.parse('2025-06-02T10:00:00Z');
const DAY = 86_400_000;
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
  });
}
