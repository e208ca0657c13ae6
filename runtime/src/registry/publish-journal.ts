import { mkdir, readFile, readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

// A publish writes its files (version, version drawing, meta, latest, draft) and then commits them. Killed in between, it would leave files
// that serve but are not in git (a gap in the audit history) or a version file without the
// latest file. So a publish first writes down what it is about to do (this journal, durably),
// and removes the entry once the commit is made. An entry found later — on start or before the
// next publish, always under the publish lock — is finished (see publisher.ts).

export const JOURNAL_DIR = '.sluice-publishing';

export interface JournalEntry {
  id: string;
  version: number;
  hash: string;
  author: string;
  message?: string;
  /** The version's rule-set file, as written (also the latest file's content). */
  ruleSet: string;
  /** The flow file, as written (also the version's drawing, `versionFlowPath`). */
  flow: string;
  /** The version's meta file (publish time, author), as written; entries journaled before it existed have none. */
  meta?: string;
}

/** The files a publish writes, relative to the rules folder: version file, latest, flow. */
export function publishPaths(id: string, version: number): [string, string, string] {
  return [`versions/${id}/v${version}.ruleset.json`, `${id}.ruleset.json`, `${id}.flow.json`];
}

/** The version's meta file (schemas: VersionMeta), relative to the rules folder. */
export function metaPath(id: string, version: number): string {
  return `versions/${id}/v${version}.meta.json`;
}

/**
 * The version's own drawing (the flow as published: positions, labels, descriptions), relative
 * to the rules folder. Written from the entry's `flow`, which every entry holds.
 */
export function versionFlowPath(id: string, version: number): string {
  return `versions/${id}/v${version}.flow.json`;
}

/** Every file an entry writes (its meta file only when it has one). */
export function entryPaths(e: Pick<JournalEntry, 'id' | 'version' | 'meta'>): string[] {
  return [...publishPaths(e.id, e.version), versionFlowPath(e.id, e.version), ...(e.meta === undefined ? [] : [metaPath(e.id, e.version)])];
}

function entryFile(rulesDir: string, e: Pick<JournalEntry, 'id' | 'version'>): string {
  return join(rulesDir, JOURNAL_DIR, `${e.id}.v${e.version}.json`);
}

/** Records a publish about to happen; durable before the call returns. */
export async function writeJournal(rulesDir: string, e: JournalEntry): Promise<void> {
  await mkdir(join(rulesDir, JOURNAL_DIR), { recursive: true });
  await writeFileAtomic(entryFile(rulesDir, e), JSON.stringify(e), 0o600);
}

export async function clearJournal(rulesDir: string, e: Pick<JournalEntry, 'id' | 'version'>): Promise<void> {
  await rm(entryFile(rulesDir, e), { force: true });
  // At rest the folder holds only rule sets; ENOTEMPTY means another entry is still open.
  await rmdir(join(rulesDir, JOURNAL_DIR)).catch(() => {});
}

/** Unfinished publishes, oldest version first; an unreadable entry is skipped (and reported). */
export async function readJournal(rulesDir: string): Promise<{ entries: JournalEntry[]; unreadable: string[] }> {
  let names: string[];
  try {
    names = await readdir(join(rulesDir, JOURNAL_DIR));
  } catch {
    return { entries: [], unreadable: [] };
  }
  const entries: JournalEntry[] = [];
  const unreadable: string[] = [];
  for (const n of names.filter((x) => x.endsWith('.json'))) {
    try {
      entries.push(JSON.parse(await readFile(join(rulesDir, JOURNAL_DIR, n), 'utf8')) as JournalEntry);
    } catch {
      unreadable.push(`${JOURNAL_DIR}/${n}`);
    }
  }
  return { entries: entries.sort((a, b) => a.version - b.version), unreadable };
}
