import { chmod, mkdir, open } from 'node:fs/promises';

/**
 * Makes the data folder (0700) and the SQLite database file (0600) readable by the owner
 * only, whatever the umask, before SQLite opens it: SQLite gives the `-wal` and `-shm` files
 * it creates the database file's mode. Files left with wider modes by an older version are
 * narrowed (the database, its `-wal` and `-shm`).
 *
 * @example
 * await privateDataDir(dataDir);
 * await privateDatabaseFile(join(dataDir, 'sluice.db'));
 */
export async function privateDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

/** See {@link privateDataDir}. */
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
