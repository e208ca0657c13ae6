import { readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { SluiceError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';

// Publishing reads the highest version and writes the next: two processes serving one rules
// folder (two replicas, a CLI next to the server) must not both take v11. The in-process queue
// cannot see the other process, so publishing also holds a lock file that exactly one process
// can create (a hard link, which fails when the name exists, as O_EXCL does). A holder that
// died (same host, pid gone) or that has held it far longer than any publish takes is stale.

export const LOCK_FILE = '.sluice-publish.lock';

interface Holder {
  pid: number;
  host: string;
  at: number;
}

/** Whether a process of this host is still running (a lock or temp file of a dead one is stale). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function stale(file: string, staleMs: number): Promise<boolean> {
  let h: Partial<Holder>;
  try {
    h = JSON.parse(await readFile(file, 'utf8')) as Partial<Holder>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false; // just released: try again
    h = {}; // being written, or garbage: only its age can tell
  }
  if (h.host === hostname() && typeof h.pid === 'number' && !alive(h.pid)) return true;
  return typeof h.at === 'number' ? Date.now() - h.at > staleMs : false;
}

/**
 * Runs `fn` holding `<dir>/.sluice-publish.lock`. Waits up to `waitMs` for another holder,
 * then answers 503 (`unavailable`) rather than publishing without it.
 *
 * @example
 * await withPublishLock(rulesDir, () => publishNextVersion());
 */
export async function withPublishLock<T>(dir: string, fn: () => Promise<T>, o: { waitMs?: number; staleMs?: number } = {}): Promise<T> {
  const file = join(dir, LOCK_FILE);
  const deadline = Date.now() + (o.waitMs ?? 15_000);
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      // Created with its content (linked from a temp file): a holder killed at any moment
      // leaves a lock that names it, never an empty one only age could judge.
      await writeFileAtomic(file, JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now() } satisfies Holder), 0o600, { exclusive: true });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (await stale(file, o.staleMs ?? 120_000)) {
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new SluiceError('unavailable', 'another process is publishing in this rules folder; try again');
    await new Promise((r) => setTimeout(r, pause + Math.random() * pause));
  }
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}
