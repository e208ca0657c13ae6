// Published versions shared through PostgreSQL: two built runtimes with their own rules
// folders on one database; `sluice publish --url` on one, served by the other; publishes on
// both at once get distinct, consecutive versions.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { tempDir } from './test-support/harness.js';
import { demoFlow } from './test-support/fixtures.js';
import { jsonCaller, kill9, runCli, startServer } from './test-support/process.js';
import { createTestDatabase, postgres } from './test-support/postgres.js';

const KEY = 'sk_shared_versions_key';
const ID = 'shared-flow';
const call = jsonCaller(KEY);

describe.skipIf(!postgres.available)(`published versions shared through PostgreSQL${postgres.skipNote}`, () => {
  const children: ChildProcess[] = [];
  const root = tempDir('sluice-shared-');
  let drop = async () => {};
  afterAll(async () => {
    await Promise.all(children.map((c) => kill9(c)));
    await drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('a publish on one runtime is served by the other; concurrent publishes get distinct consecutive versions', async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    const env = { SLUICE_SECRET_KEY: KEY, SLUICE_WEBHOOK_SECRET: 'w', SLUICE_IDENTITY_SECRET: 'i', SLUICE_EXAMPLES_DIR: '', SLUICE_EDITOR_DIR: '', SLUICE_RATE_LIMIT: 'off', SLUICE_GIT: 'off' };
    const start = async (name: string) => {
      const s = await startServer(['--database', db.url, '--data', join(root, name, 'data'), '--rules', join(root, name, 'rules')], env);
      children.push(s.child);
      return s.url;
    };
    const [a, b] = await Promise.all([start('a'), start('b')]);
    const version = async (url: string) => (await call(url, 'GET', `/v1/rulesets/${ID}`)).body?.published?.version as number | undefined;
    const until = async (url: string, v: number) => {
      const t0 = Date.now();
      while (Date.now() - t0 < 5000 && (await version(url)) !== v) await new Promise((r) => setTimeout(r, 20));
      return { v: await version(url), ms: Date.now() - t0 };
    };

    // From a rule-set repository's CI: the flow file, through runtime a.
    const dir = join(root, 'repo');
    mkdirSync(dir);
    writeFileSync(join(dir, `${ID}.flow.json`), JSON.stringify(demoFlow(ID)));
    const cli = await runCli(['publish', '--url', a, '--author', 'ci', join(dir, `${ID}.flow.json`)], { env: { SLUICE_SECRET_KEY: KEY } });
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toMatch(new RegExp(`^published ${ID} v1 \\(sha256:`));
    expect(cli.code).toBe(0);
    // Runtime b has no shared folder: it reads the version from the database (polled every 250 ms).
    expect((await until(b, 1)).v).toBe(1);
    expect((await call(b, 'POST', '/v1/score', { ruleSet: ID, lead: { employees: 500 } })).body.ruleSet).toMatchObject({ id: ID, version: 1 });
    // Its publish time came with it (the author stays in runtime a's git): both list the same.
    const times = async (url: string) => ((await call(url, 'GET', `/v1/rulesets/${ID}/versions`)).body?.versions as { publishedAt: string | null }[]).map((v) => v.publishedAt);
    const atA = await times(a);
    expect(atA).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/)]);
    expect(await times(b)).toEqual(atA);

    // Six publishes at once, three on each runtime: versions 2..7, each once.
    const flow = demoFlow(ID, { sqlAt: 50 });
    const rs = await Promise.all(Array.from({ length: 6 }, (_, i) => call(i % 2 ? a : b, 'POST', `/v1/rulesets/${ID}/publish`, { author: `p${i}`, flow })));
    expect(rs.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(rs.map((r) => r.body.version as number).sort()).toEqual([2, 3, 4, 5, 6, 7]);
    expect((await until(a, 7)).v).toBe(7);
    expect((await until(b, 7)).v).toBe(7);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const rows = (await c.query('SELECT version FROM rule_set_versions WHERE id = $1 ORDER BY version', [ID])).rows.map((r: { version: number }) => r.version);
    await c.end();
    expect(rows).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Every version, not just the latest, is served by both.
    expect((await call(b, 'GET', `/v1/rulesets/${ID}/versions`)).body).toMatchObject({ versions: expect.arrayContaining([expect.objectContaining({ version: 4 })]) });

    // A broken flow fails in CI with its errors, before any request.
    writeFileSync(join(dir, 'broken.flow.json'), JSON.stringify({ ...demoFlow('broken'), nodes: [] }));
    const bad = await runCli(['publish', '--url', a, join(dir, 'broken.flow.json')], { env: { SLUICE_SECRET_KEY: KEY } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/broken\.flow\.json/);
  }, 60_000);
});
