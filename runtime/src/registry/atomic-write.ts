import { link, open, readdir, rename, mkdir, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Temp files this module leaves while writing: `.<name>.<pid>.<random>.tmp`. */
const TEMP = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/**
 * Writes a file so that readers see the old content or the new one, never half of it:
 * temp file in the same folder, fsync, rename over the target, fsync the folder.
 * `exclusive`: the target must not exist yet (hard link instead of rename, which fails with
 * EEXIST when another writer got there first), so two processes never both create it.
 *
 * @example
 * await writeFileAtomic(join(dir, 'lead-scoring.ruleset.json'), stringifyDocument(ruleSet));
 */
export async function writeFileAtomic(file: string, content: string, mode = 0o644, o: { exclusive?: boolean } = {}): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', mode);
  try {
    await fh.writeFile(content, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    if (o.exclusive) await link(tmp, file);
    else await rename(tmp, file);
  } finally {
    // After a rename there is nothing left to remove; after a link (or a failure) the temp name is.
    await rm(tmp, { force: true });
  }
  // The rename itself is only durable once the folder's entry is on disk.
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

/**
 * Removes the temp files a killed writer left in `dir` (those of live processes stay: they
 * may be writing right now). Returns the names removed.
 */
export async function removeStaleTemps(dir: string, alive: (pid: number) => boolean): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const gone: string[] = [];
  for (const n of names) {
    const pid = TEMP.exec(n)?.[1];
    if (pid === undefined || alive(Number(pid))) continue;
    await rm(join(dir, n), { force: true });
    gone.push(n);
  }
  return gone;
}
