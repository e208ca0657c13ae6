import type { RuleSet } from '@sluice/schemas';
import { stringifyDocument } from '@sluice/sdk';
import { SluiceError } from '../errors.js';
import type { PublishResult, Registry } from './registry.js';

/** A published version as the database keeps it. */
export interface StoredVersion {
  seq: number;
  id: string;
  version: number;
  /** The rule set document, as the publishing runtime wrote its file. */
  body: string;
  /** When it was published (epoch ms). */
  publishedAt: number;
}

/** Where published versions are shared (the PostgreSQL store's rule_set_versions). */
export interface VersionTable {
  /** Stores a version; false when (id, version) is already there. */
  put(v: { id: string; version: number; hash: string; body: string; publishedAt: number }): Promise<boolean>;
  /** Versions stored after `seq`, oldest first. */
  since(seq: number, limit: number): Promise<StoredVersion[]>;
  /** Runs fn while no other runtime publishes this rule set. */
  exclusive<T>(id: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * Published rule-set versions shared through the database, so that runtimes need no shared
 * folder. Git stays the authoring source: the runtime that publishes writes and commits its
 * files as before, then stores the version; every runtime polls for versions it has not seen
 * and writes them into its own rules folder (the registry then serves them, cache dropped).
 * Publishing holds a lock per rule set across runtimes and catches up first, so the next
 * version number is the next one everywhere.
 *
 * @example
 * const shared = new SharedVersions(registry, store.versions, log);
 * await shared.sync(); // before listening
 * shared.start(250);
 */
export class SharedVersions {
  private seen = 0;
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<number> | null = null;

  constructor(
    private readonly registry: Registry,
    private readonly table: VersionTable,
    private readonly log: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void = () => {},
    private readonly clock: () => number = Date.now,
  ) {}

  /** Installs every version stored since the last sync; returns how many. */
  sync(): Promise<number> {
    this.syncing ??= this.catchUp().finally(() => (this.syncing = null));
    return this.syncing;
  }

  private async catchUp(): Promise<number> {
    let n = 0;
    for (;;) {
      const batch = await this.table.since(this.seen, 100);
      if (batch.length === 0) return n;
      for (const v of batch) {
        try {
          if (await this.registry.installVersion(JSON.parse(v.body) as RuleSet, v.publishedAt)) this.log('info', 'rule set version from another runtime', { id: v.id, version: v.version });
        } catch (e) {
          // One bad row must not stop the others; it stays listed in the log.
          this.log('error', 'rule set version from the database not installed', { id: v.id, version: v.version, error: String(e) });
        }
        this.seen = v.seq;
        n++;
      }
    }
  }

  /** Publishes through the registry (files, git) and stores the version for the other runtimes. */
  publish(id: string, o: Parameters<Registry['publish']>[1]): Promise<PublishResult> {
    return this.table.exclusive(id, async () => {
      await this.sync();
      const r = await this.registry.publish(id, o);
      const stored = await this.table.put({ id, version: r.version, hash: r.hash, body: stringifyDocument(r.ruleSet), publishedAt: r.publishedAt });
      if (!stored) {
        // Only when this runtime's folder held versions the database never had (published
        // before it was shared): the number is taken by another runtime's version.
        throw new SluiceError('conflict', `${id} v${r.version} was published by another runtime with other content; this runtime's rules folder has versions the database lacks`);
      }
      return r;
    });
  }

  /** Polls for versions published elsewhere. */
  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.sync().catch((e: unknown) => this.log('warn', 'rule set versions not synced', { error: String(e) })), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
