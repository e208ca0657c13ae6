import { chmod, mkdir, open } from 'node:fs/promises';

/**
 * Creates the data folder readable by the owner only (0700). A folder that already exists
 * keeps its mode: it may be one the operator shares with other things (`--data /srv/app`),
 * and the files below are the owner's alone anyway (see {@link privateDatabaseFile}).
 *
 * @example
 * await privateDataDir(dataDir);
 * await privateDatabaseFile(join(dataDir, 'sluice.db'));
 */
export async function privateDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/**
 * Makes the SQLite database file readable by the owner only (0600), whatever the umask,
 * before SQLite opens it: SQLite gives the `-wal` and `-shm` files it creates the database
 * file's mode. Files left with wider modes by an older version are narrowed (the database,
 * its `-wal` and `-shm`).
 */

export async function privateDatabaseFile(file: string): Promise<void> {
  // 'a' creates the file when missing and never truncates it.
  await (await open(file, 'a', 0o600)).close();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) await ownerOnly(f);
}

/** chmod 0600 when the file exists. */
export async function ownerOnly(file: string): Promise<void> {
  await chmod(file, 0o600).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
}
