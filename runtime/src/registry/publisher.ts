import { readdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SluiceError } from '../errors.js';
import { ruleSetId } from '../ids.js';
import { removeStaleTemps, writeFileAtomic } from './atomic-write.js';
import { commitFiles, shouldCommit, uncommitted } from './git.js';
import { alive } from './publish-lock.js';
import { JOURNAL_DIR, clearJournal, entryPaths, metaPath, publishPaths, readJournal, versionFlowPath, writeJournal } from './publish-journal.js';
import type { JournalEntry } from './publish-journal.js';

type Log = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export interface PublisherOptions {
  rulesDir: string;
  gitMode: 'auto' | 'on' | 'off';
  log: Log;
  /** The version of `<id>.ruleset.json` as it is on disk now (0 when none or invalid). */
  latestVersion: (id: string) => Promise<number>;
  /** Drops what the registry has cached about `id`'s files. */
  forget: (id: string) => void;
}

/**
 * Writes what a publish decided — the version file (created exclusively), its drawing and meta
 * file, the latest file, the flow — and commits them, through the journal, so a publish is either finished now or
 * finished later (`finishInterrupted`); never half there. Callers hold the publish lock.
 *
 * @example
 * await publisher.finishInterrupted();
 * const { commit } = await publisher.write({ id, version, hash, author, ruleSet: body, flow });
 */
export class Publisher {
  private git: boolean | undefined;

  constructor(private readonly o: PublisherOptions) {}

  /** Publishes `e`: 409 when its version file exists already (another writer got there). */
  async write(e: JournalEntry): Promise<{ commit: string | null; gitError?: string }> {
    const [own, latest, flow] = publishPaths(ruleSetId(e.id), e.version);
    await writeJournal(this.o.rulesDir, e);
    try {
      await writeFileAtomic(join(this.o.rulesDir, own), e.ruleSet, 0o644, { exclusive: true });
    } catch (err) {
      await clearJournal(this.o.rulesDir, e);
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new SluiceError('conflict', `${e.id} v${e.version} was published meanwhile by another process; publish again`);
      throw err;
    }
    if (e.meta !== undefined) await writeFileAtomic(join(this.o.rulesDir, metaPath(e.id, e.version)), e.meta);
    await writeFileAtomic(join(this.o.rulesDir, versionFlowPath(e.id, e.version)), e.flow);
    await writeFileAtomic(join(this.o.rulesDir, latest), e.ruleSet);
    await writeFileAtomic(join(this.o.rulesDir, flow), e.flow);
    this.o.forget(e.id);
    return this.commit(e);
  }

  /**
   * Finishes publishes a killed process left half done (their journal entries), oldest version
   * first: writes the files still missing — never over a newer latest file — and commits them
   * with the original author and message.
   */
  async finishInterrupted(): Promise<void> {
    const { entries, unreadable } = await readJournal(this.o.rulesDir);
    for (const f of unreadable) this.o.log('error', 'publish journal entry unreadable; left in place', { file: f });
    for (const e of entries) {
      const [own, latest, flow] = publishPaths(ruleSetId(e.id), e.version);
      try {
        await writeFileAtomic(join(this.o.rulesDir, own), e.ruleSet, 0o644, { exclusive: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      // Version-owned files: created when missing, never replaced (the version is fixed).
      for (const [path, body] of [[versionFlowPath(e.id, e.version), e.flow], [metaPath(e.id, e.version), e.meta]] as const) {
        if (body === undefined) continue;
        try {
          await writeFileAtomic(join(this.o.rulesDir, path), body, 0o644, { exclusive: true });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
      }
      this.o.forget(e.id);
      if ((await this.o.latestVersion(e.id)) <= e.version) {
        await writeFileAtomic(join(this.o.rulesDir, latest), e.ruleSet);
        await writeFileAtomic(join(this.o.rulesDir, flow), e.flow);
        this.o.forget(e.id);
      }
      const { commit, gitError } = await this.commit(e);
      if (!gitError) this.o.log('warn', 'finished a publish that was interrupted', { id: e.id, version: e.version, commit });
    }
  }

  /** Finishes interrupted publishes and removes the temp files of writers that died. */
  async recover(show: (file: string) => string): Promise<void> {
    await this.finishInterrupted();
    const dir = this.o.rulesDir;
    const dirs = [dir, join(dir, 'versions'), join(dir, JOURNAL_DIR)];
    try {
      for (const d of await readdir(join(dir, 'versions'))) dirs.push(join(dir, 'versions', d));
    } catch {
      // no versions yet
    }
    for (const d of dirs) {
      const gone = await removeStaleTemps(d, alive);
      if (gone.length) this.o.log('warn', 'removed temp files of an interrupted write', { files: gone.map((n) => show(join(d, n))) });
    }
    await rmdir(join(dir, JOURNAL_DIR)).catch(() => {}); // only when empty
  }

  /** Commits an entry's files (when the folder is committed to), then drops the entry. */
  private async commit(e: JournalEntry): Promise<{ commit: string | null; gitError?: string }> {
    if (this.git === undefined) this.git = await shouldCommit(this.o.rulesDir, this.o.gitMode);
    let commit: string | null = null;
    if (this.git) {
      const paths = entryPaths(e);
      const msg = `Publish ${e.id} v${e.version} (${e.hash.slice(0, 12)}) by ${e.author}${e.message ? `\n\n${e.message}` : ''}`;
      try {
        // An entry whose commit was made already (killed just after it): nothing to do.
        if ((await uncommitted(this.o.rulesDir, paths)).length > 0) commit = await commitFiles(this.o.rulesDir, paths, msg, e.author);
      } catch (err) {
        // The entry stays: the next publish (or the next start) commits it, so a failed commit
        // delays the history but leaves no gap in it.
        const gitError = (err as Error).message;
        this.o.log('error', 'publish: files written but git commit failed; retried on the next publish', { id: e.id, version: e.version, error: gitError });
        return { commit, gitError };
      }
    }
    await clearJournal(this.o.rulesDir, e);
    return { commit };
  }
}
