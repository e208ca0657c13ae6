// PostgreSQL for tests: finds the server (SLUICE_TEST_DATABASE_URL, else the project
// machines' 127.0.0.1:5432 with trust auth) and makes a fresh database per use, dropped after,
// so runs never see each other's rows. Without a server the PostgreSQL tests are skipped and
// say why; SLUICE_TEST_POSTGRES=required (.ci/run sets it) makes a missing server a failure.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_SERVER_URL = process.env.SLUICE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRED = process.env.SLUICE_TEST_POSTGRES === 'required';

async function probe(): Promise<string | null> {
  const c = new pg.Client({ connectionString: TEST_SERVER_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (e) {
    return (e as Error).message || String(e);
  } finally {
    await c.end().catch(() => {});
  }
}

const problem = await probe();
if (problem !== null && REQUIRED) {
  throw new Error(`SLUICE_TEST_POSTGRES=required but PostgreSQL at ${TEST_SERVER_URL} cannot be reached: ${problem}`);
}
if (problem !== null) {
  console.warn(`[sluice] PostgreSQL tests SKIPPED: no server at ${TEST_SERVER_URL} (${problem}). Set SLUICE_TEST_DATABASE_URL, or SLUICE_TEST_POSTGRES=required to fail instead.`);
}

/** Whether PostgreSQL tests run here, and a title suffix saying why not. */
export const postgres = { available: problem === null, skipNote: problem === null ? '' : ` (SKIPPED: no PostgreSQL at ${TEST_SERVER_URL}: ${problem})` };

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_SERVER_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new, empty database on the test server: its URL, and drop() to remove it (closing whatever still uses it). */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `sluice_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(TEST_SERVER_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}
