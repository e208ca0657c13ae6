import { readFile, stat } from 'node:fs/promises';
import type { FileProblem, Issue } from '@sluice/schemas';

/** A file on disk that could not be used; the last good version keeps serving. */
export type Problem = FileProblem;

/** Validates a parsed document: the value, or what is wrong with it. */
export type Parse<T> = (doc: unknown) => { ok: true; value: T } | { ok: false; errors: Issue[] };

type Log = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

/** A file read through an mtime check: parsed value + the last good one. */
export interface Cached<T> {
  sig: string | null;
  checkedAt: number;
  good: T | null;
  problem: Problem | null;
}

const NO_FILE = 'missing';

async function signature(file: string): Promise<string> {
  try {
    const s = await stat(file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return NO_FILE;
  }
}

export function issue(message: string): Issue[] {
  return [{ path: '/', message }];
}

/**
 * Files read through an mtime/size/inode check, at most once per `recheckMs` each: hand
 * edits and `git pull` are picked up without a restart, and a file that stops parsing or
 * validating keeps its last good value (with the problem recorded).
 */
export class FileCache {
  private readonly cache = new Map<string, Cached<unknown>>();

  constructor(
    private readonly recheckMs: number,
    private readonly clock: () => number,
    private readonly log: Log,
  ) {}

  /**
   * Reads `file` (when its signature changed); `parse` validates without throwing. Problems
   * name the file as `shown` (relative to its folder: /readyz and the API never show where the
   * server's folders are).
   */
  async read<T>(id: string, file: string, parse: Parse<T>, shown = file): Promise<Cached<T>> {
    const now = this.clock();
    let c = this.cache.get(file) as Cached<T> | undefined;
    if (c && now - c.checkedAt < this.recheckMs) return c;
    const sig = await signature(file);
    if (c && c.sig === sig) {
      c.checkedAt = now;
      return c;
    }
    const prev: Cached<T> = c ?? { sig: null, checkedAt: now, good: null, problem: null };
    c = { sig, checkedAt: now, good: prev.good, problem: null };
    if (sig === NO_FILE) {
      c.good = null;
    } else {
      let doc: unknown;
      let errors: Issue[] | null = null;
      let text: string | null = null;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        // The system's message holds the absolute path: the code says enough.
        errors = issue(`cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      if (text !== null) {
        try {
          doc = JSON.parse(text);
        } catch (e) {
          errors = issue(`not valid JSON: ${(e as Error).message}`);
        }
      }
      if (!errors) {
        const r = parse(doc);
        if (r.ok) c.good = r.value;
        else errors = r.errors;
      }
      if (errors) {
        c.problem = { id, file: shown, errors };
        this.log('error', 'invalid rule-set file; the last good version keeps serving', { file, errors });
      } else if (prev.sig !== null) {
        this.log('info', 'rule-set file reloaded', { file });
      }
    }
    this.cache.set(file, c as Cached<unknown>);
    return c;
  }

  forget(file: string): void {
    this.cache.delete(file);
  }
}
