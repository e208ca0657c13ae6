import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness, SECRET } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';
import { brokenFlow, demoFlow } from '../test-support/fixtures.js';
import { createApp } from '../app.js';
import { KeyRing } from '../keys.js';
import { Registry } from './registry.js';
import { LOCK_FILE } from './publish-lock.js';
import { hostname } from 'node:os';
import { compile, stringifyDocument } from '@sluice/sdk';

/** What `sluice compile` would write for a flow. */
function compiled(flow: Record<string, unknown>): string {
  const r = compile(flow);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return stringifyDocument(r.ruleSet);
}

let h: Harness;
afterEach(async () => h?.close());

interface Issue { nodeId?: string; path: string; message: string }

describe('registry over HTTP', () => {
  it('lists the examples, compiled on load', async () => {
    h = await harness();
    const r = await h.json<{ ruleSets: { id: string; source: string; published: { version: number } }[]; problems: unknown[] }>('GET', '/v1/rulesets');
    expect(r.status).toBe(200);
    expect(r.body.ruleSets).toEqual([expect.objectContaining({ id: 'demo-flow', source: 'examples', published: expect.objectContaining({ version: 1 }) })]);
    expect(r.body.problems).toEqual([]);
  });

  it('says an example has a draft only once one is saved', async () => {
    h = await harness();
    const hasDraft = async () => (await h.json<{ ruleSets: { hasDraft: boolean }[] }>('GET', '/v1/rulesets')).body.ruleSets[0]?.hasDraft;
    expect(await hasDraft()).toBe(false);
    expect((await h.json('PUT', '/v1/rulesets/demo-flow/draft', demoFlow('demo-flow', { sqlAt: 45 }))).status).toBe(200);
    expect(await hasDraft()).toBe(true);
  });

  it('saves a draft, publishes v2 deterministically, keeps v1 readable, diffs them', async () => {
    h = await harness();
    const flow = demoFlow('demo-flow', { sqlAt: 45 });
    const put = await h.json<{ saved: boolean; compiles: boolean }>('PUT', '/v1/rulesets/demo-flow/draft', flow);
    expect(put.body).toMatchObject({ saved: true, compiles: true });
    const pub = await h.json<{ version: number; hash: string; commit: null }>('POST', '/v1/rulesets/demo-flow/publish', { author: 'Ann Lee <ann@example.com>' });
    expect(pub.status).toBe(201);
    expect(pub.body.version).toBe(2);
    expect(pub.body.commit).toBeNull(); // not a git work tree
    const files = readdirSync(h.dirs.rules).sort();
    expect(files).toEqual(['demo-flow.flow.json', 'demo-flow.ruleset.json', 'versions']);
    expect(readdirSync(join(h.dirs.rules, 'versions', 'demo-flow')).sort()).toEqual(['v2.flow.json', 'v2.meta.json', 'v2.ruleset.json']);
    const text = readFileSync(join(h.dirs.rules, 'demo-flow.ruleset.json'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ id: 'demo-flow', version: 2, hash: pub.body.hash });

    const versions = await h.json<{ versions: { version: number }[] }>('GET', '/v1/rulesets/demo-flow/versions');
    expect(versions.body.versions.map((v) => v.version)).toEqual([1, 2]);
    expect((await h.json<{ version: number }>('GET', '/v1/rulesets/demo-flow/versions/1')).body.version).toBe(1);
    expect((await h.json('GET', '/v1/rulesets/demo-flow/versions/9')).status).toBe(404);

    const diff = await h.json<{ same: boolean; nodes: { changed: { id: string; changes: { path: string; part: string }[] }[] } }>('GET', '/v1/rulesets/demo-flow/diff?from=1&to=2');
    expect(diff.status).toBe(200);
    expect(diff.body.same).toBe(false);
    expect(diff.body.nodes.changed).toEqual([expect.objectContaining({ id: 'route', changes: [expect.objectContaining({ part: 'row', path: '/config/rows/0' })] })]);

    // Scoring uses the latest; version 1 stays available.
    const lead = { lead: { employees: 10 }, events: [{ type: 'demo_request', at: '2025-06-01T10:00:00Z' }, { type: 'page_view', at: '2025-06-01T10:00:00Z' }, { type: 'page_view', at: '2025-06-01T10:00:00Z' }, { type: 'page_view', at: '2025-06-01T10:00:00Z' }, { type: 'page_view', at: '2025-06-01T10:00:00Z' }] };
    const v2 = await h.json<{ outcome: { stage: string }; ruleSet: { version: number } }>('POST', '/v1/score', { ruleSet: 'demo-flow', ...lead });
    expect(v2.body).toMatchObject({ outcome: { stage: 'SQL' }, ruleSet: { version: 2 } });
    const v1 = await h.json<{ outcome: { stage: string } }>('POST', '/v1/score', { ruleSet: 'demo-flow', version: 1, ...lead });
    expect(v1.body.outcome.stage).toBe('MQL');
  });

  it('refuses to publish a flow that does not compile: 400 naming node id and path', async () => {
    h = await harness();
    const r = await h.json<{ error: { code: string; details: { issues: Issue[] } } }>('POST', '/v1/rulesets/demo-flow/publish', { author: 'a', flow: brokenFlow() });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('compile_failed');
    expect(r.body.error.details.issues).toContainEqual(expect.objectContaining({ nodeId: 'score', path: '/nodes/1/config/rules/0/when/all/0/operator' }));
    expect(existsSync(join(h.dirs.rules, 'demo-flow.ruleset.json'))).toBe(false);
  });

  it('publishing needs an author and a flow with the same id', async () => {
    h = await harness();
    expect((await h.json('POST', '/v1/rulesets/demo-flow/publish', {})).status).toBe(400);
    expect((await h.json('POST', '/v1/rulesets/demo-flow/publish', { author: 'a', flow: demoFlow('other') })).status).toBe(400);
    expect((await h.json('POST', '/v1/rulesets/unknown-one/publish', { author: 'a' })).status).toBe(404);
  });

  it('picks up hand edits without a restart and keeps serving the last good version when a file is invalid', async () => {
    h = await harness();
    await h.json('POST', '/v1/rulesets/demo-flow/publish', { author: 'a', flow: demoFlow() });
    const file = join(h.dirs.rules, 'demo-flow.ruleset.json');
    // Edit the flow by hand and recompile it (sluice compile): picked up on the next request.
    writeFileSync(file, compiled({ ...demoFlow(), name: 'Edited by hand', version: 2 }));
    const got = await h.json<{ ruleSet: { name: string } }>('GET', '/v1/rulesets/demo-flow');
    expect(got.body.ruleSet.name).toBe('Edited by hand');

    // Editing the compiled file without recompiling breaks its hash: reported, not served.
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { name: string };
    writeFileSync(file, JSON.stringify({ ...doc, name: 'Sneaky edit' }));
    const still = await h.json<{ ruleSet: { name: string }; problems: { errors: Issue[] }[] }>('GET', '/v1/rulesets/demo-flow');
    expect(still.body.ruleSet.name).toBe('Edited by hand');
    expect(still.body.problems[0]?.errors[0]).toMatchObject({ path: '/hash' });

    writeFileSync(file, '{ "broken": ');
    const score = await h.json<{ outcome: { stage: string }; ruleSet: { version: number } }>('POST', '/v1/score', { ruleSet: 'demo-flow', lead: { employees: 500 } });
    expect(score.status).toBe(200);
    expect(score.body.ruleSet.version).toBe(2);
    const list = await h.json<{ problems: { file: string; errors: Issue[] }[] }>('GET', '/v1/rulesets');
    expect(list.body.problems).toEqual([expect.objectContaining({ file: 'demo-flow.ruleset.json', errors: [expect.objectContaining({ message: expect.stringContaining('not valid JSON') })] })]);
    const ready = await h.json<{ invalidFiles: { file: string }[] }>('GET', '/readyz');
    expect(ready.body.invalidFiles.map((p) => p.file)).toEqual(['demo-flow.ruleset.json']);
  });

  it('a rule set added to the folder by hand (git pull) appears without a restart', async () => {
    h = await harness();
    await h.json('POST', '/v1/rulesets/demo-flow/publish', { author: 'a', flow: demoFlow() });
    writeFileSync(join(h.dirs.rules, 'pulled-in.ruleset.json'), compiled(demoFlow('pulled-in')));
    const r = await h.json<{ outcome: { stage: string } }>('POST', '/v1/score', { ruleSet: 'pulled-in', lead: { employees: 500 } });
    expect(r.status).toBe(200);
  });

  it('commits published files to git with the version and the author', async () => {
    h = await harness();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: h.dirs.rules, encoding: 'utf8' }).trim();
    git('init', '-q');
    git('config', 'user.email', 'x@example.com');
    git('config', 'user.name', 'x');
    const pub = await h.json<{ version: number; commit: string }>('POST', '/v1/rulesets/demo-flow/publish', { author: 'Ann Lee <ann@example.com>', message: 'Raise the bar', flow: demoFlow() });
    expect(pub.body.commit).toMatch(/^[0-9a-f]{40}$/);
    const pub2 = await h.json<{ version: number; commit: string }>('POST', '/v1/rulesets/demo-flow/publish', { author: 'Bob', flow: demoFlow('demo-flow', { sqlAt: 55 }) });
    expect(pub2.body.version).toBe(3);
    const log = git('log', '--format=%an <%ae>|%s');
    expect(log.split('\n')).toEqual([
      expect.stringMatching(/^Bob <unknown@sluice.invalid>\|Publish demo-flow v3 \(sha256:[0-9a-f]{5}\) by Bob$/),
      expect.stringMatching(/^Ann Lee <ann@example.com>\|Publish demo-flow v2 \(sha256:[0-9a-f]{5}\) by Ann Lee/),
    ]);
    expect(git('show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual(['demo-flow.flow.json', 'demo-flow.ruleset.json', 'versions/demo-flow/v3.flow.json', 'versions/demo-flow/v3.meta.json', 'versions/demo-flow/v3.ruleset.json']);
    expect(git('status', '--porcelain')).toBe('');
  });

  it('records when and by whom each version was published; older versions without a record say so (publishedAt null)', async () => {
    h = await harness();
    h.clock.now = Date.parse('2025-06-10T09:30:00Z');
    const p2 = await h.json<{ version: number; hash: string }>('POST', '/v1/rulesets/demo-flow/publish', { author: 'Ann Lee <ann@example.com>', message: 'Raise the bar', flow: demoFlow('demo-flow', { sqlAt: 45 }) });
    h.clock.now = Date.parse('2025-07-01T08:00:00Z');
    await h.json('POST', '/v1/rulesets/demo-flow/publish', { author: 'Bob', flow: demoFlow('demo-flow', { sqlAt: 55 }) });
    const meta = JSON.parse(readFileSync(join(h.dirs.rules, 'versions', 'demo-flow', 'v2.meta.json'), 'utf8')) as Record<string, unknown>;
    expect(meta).toEqual({ schemaVersion: 1, ruleSet: 'demo-flow', version: 2, hash: p2.body.hash, publishedAt: '2025-06-10T09:30:00.000Z', author: 'Ann Lee <ann@example.com>', message: 'Raise the bar' });
    // A version file put there by hand (or by a Sluice from before meta files): no time known.
    writeFileSync(join(h.dirs.rules, 'versions', 'demo-flow', 'v4.ruleset.json'), compiled({ ...demoFlow('demo-flow', { sqlAt: 65 }), version: 4 }));
    // A meta file whose hash is not the version's (the version file replaced by hand) is not believed.
    writeFileSync(join(h.dirs.rules, 'versions', 'demo-flow', 'v3.ruleset.json'), compiled({ ...demoFlow('demo-flow', { sqlAt: 75 }), version: 3 }));
    const r = await h.json<{ versions: { version: number; publishedAt: string | null; author?: string }[] }>('GET', '/v1/rulesets/demo-flow/versions');
    expect(r.body.versions.map((v) => [v.version, v.publishedAt, v.author ?? null])).toEqual([
      [1, null, null], // the example's built-in version
      [2, '2025-06-10T09:30:00.000Z', 'Ann Lee <ann@example.com>'],
      [3, null, null],
      [4, null, null],
    ]);
  });
});

describe('drafts', () => {
  it('publishing right after saving a draft uses that draft (no stale cache)', async () => {
    h = await harness({ registryRecheckMs: 60_000 });
    expect((await h.json('GET', '/v1/rulesets/demo-flow/draft')).status).toBe(200);
    await h.json('PUT', '/v1/rulesets/demo-flow/draft', { ...demoFlow(), name: 'Renamed' });
    const pub = await h.json<{ version: number }>('POST', '/v1/rulesets/demo-flow/publish', { author: 'a' });
    expect(pub.body.version).toBe(2);
    expect((await h.json<{ name: string }>('GET', '/v1/rulesets/demo-flow/versions/2')).body.name).toBe('Renamed');
  });
  it('refuses a draft the loaders would refuse to read, and writes nothing', async () => {
    h = await harness();
    let deep: Record<string, unknown> = { fact: 'lead', operator: 'exists', value: true };
    for (let i = 0; i < 200; i++) deep = { not: deep };
    const put = await h.json<{ error: { code: string; details: { issues: Issue[] } } }>('PUT', '/v1/rulesets/demo-flow/draft', { ...demoFlow(), description: deep });
    expect(put.status).toBe(400);
    expect(put.body.error.details.issues).toEqual([{ path: expect.stringMatching(/^\/description(\/not)+$/), message: 'is nested more than 64 levels deep' }]);
    expect(existsSync(join(h.dirs.rules, 'demo-flow.flow.json'))).toBe(false);
  });
});

describe('a bad latest file after a restart', () => {
  /** The same folders opened again, as after a restart: nothing cached. */
  function restarted(h: Harness) {
    const registry = new Registry({ rulesDir: h.dirs.rules, examplesDir: h.dirs.examples, recheckMs: 0 });
    const keys = new KeyRing();
    keys.add(SECRET, 'secret', 'test secret');
    const app = createApp({ store: h.store, registry, keys, rateLimits: null });
    return { registry, app };
  }

  async function publishThree(): Promise<string> {
    h = await harness();
    for (const sqlAt of [50, 55, 58]) await h.json('POST', '/v1/rulesets/demo-flow/publish', { author: 'a', flow: demoFlow('demo-flow', { sqlAt }) });
    return join(h.dirs.rules, 'demo-flow.ruleset.json');
  }

  it.each([
    ['not JSON', (file: string) => writeFileSync(file, '{ "broken": ')],
    ['unreadable', (file: string) => { rmSync(file); mkdirSync(file); }], // EISDIR: read fails though the name exists
    ['edited without recompiling', (file: string) => writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), name: 'Sneaky' }))],
  ])('%s: the highest valid version keeps serving, /readyz names the file without its folder', async (_what, spoil) => {
    const file = await publishThree();
    spoil(file);
    expect((await restarted(h).registry.ruleSet('demo-flow')).version).toBe(4); // versions/demo-flow/v4 is intact
    // The version file of v4 bad as well: v3 serves.
    writeFileSync(join(h.dirs.rules, 'versions', 'demo-flow', 'v4.ruleset.json'), 'garbage');
    const again = restarted(h);
    expect((await again.registry.ruleSet('demo-flow')).version).toBe(3);
    const ready = await again.app.request('/readyz');
    expect(ready.status).toBe(200);
    const text = await ready.text();
    expect(text).not.toContain(h.dirs.root);
    const body = JSON.parse(text) as { ready: boolean; ruleSets: { id: string; version: number }[]; invalidFiles: { file: string }[] };
    expect(body.ready).toBe(true);
    expect(body.ruleSets).toEqual([{ id: 'demo-flow', version: 3 }]);
    expect(body.invalidFiles.map((p) => p.file).sort()).toEqual(['demo-flow.ruleset.json', 'versions/demo-flow/v4.ruleset.json']);
    // Scoring goes on with v3.
    const score = await again.app.request('/v1/score', { method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' }, body: JSON.stringify({ ruleSet: 'demo-flow', lead: { employees: 500 } }) });
    expect(score.status).toBe(200);
  });

  it('a webhook URL edited by hand into the rule-set file is refused; the published one keeps its URL', async () => {
    h = await harness();
    await h.json('POST', '/v1/rulesets/demo-flow/publish', { author: 'a', flow: demoFlow('demo-flow', { webhooks: [{ url: 'https://crm.example/hook' }] }) });
    const file = join(h.dirs.rules, 'demo-flow.ruleset.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { webhooks: { url: string }[] };
    writeFileSync(file, JSON.stringify({ ...doc, webhooks: [{ url: 'https://attacker.example/steal' }] }));
    const { registry } = restarted(h);
    const rs = await registry.ruleSet('demo-flow');
    expect(rs.webhooks).toEqual([{ url: 'https://crm.example/hook' }]);
    const { problems } = await registry.list();
    expect(problems).toEqual([expect.objectContaining({ file: 'demo-flow.ruleset.json', errors: [expect.objectContaining({ path: '/hash' })] })]);
  });
});

describe('publishing from two registries on one folder', () => {
  it('never gives two publishers the same version', async () => {
    h = await harness();
    const a = new Registry({ rulesDir: h.dirs.rules, examplesDir: h.dirs.examples, recheckMs: 0 });
    const b = new Registry({ rulesDir: h.dirs.rules, examplesDir: h.dirs.examples, recheckMs: 0 });
    const runs = Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).publish('demo-flow', { author: `p${i}`, flow: demoFlow('demo-flow', { sqlAt: 40 + i }) }));
    const versions = (await Promise.all(runs)).map((r) => r.version).sort((x, y) => x - y);
    expect(versions).toEqual(Array.from({ length: 16 }, (_, i) => i + 2)); // the example is v1
    expect((await a.ruleSet('demo-flow')).version).toBe(17);
    expect(readdirSync(join(h.dirs.rules, 'versions', 'demo-flow')).filter((n) => n.endsWith('.ruleset.json'))).toHaveLength(16);
    expect(readdirSync(join(h.dirs.rules, 'versions', 'demo-flow')).filter((n) => n.endsWith('.meta.json'))).toHaveLength(16);
    // Nothing of the publishing machinery is left in the folder.
    expect(readdirSync(h.dirs.rules).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('installing a version published by another runtime', () => {
  it('waits for a publish in progress in the same folder (the publish lock), then writes its files', async () => {
    h = await harness();
    const registry = new Registry({ rulesDir: h.dirs.rules, examplesDir: h.dirs.examples, recheckMs: 0 });
    const r = compile(demoFlow('demo-flow', { sqlAt: 55 }));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const v7 = { ...r.ruleSet, version: 7 };
    // Another live process of this host holds the lock (this test's own pid: alive, so not stale).
    const lock = join(h.dirs.rules, LOCK_FILE);
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now() }));
    let done = false;
    const install = registry.installVersion(v7).then((changed) => ((done = true), changed));
    await new Promise((res) => setTimeout(res, 150));
    expect(done).toBe(false);
    expect(existsSync(join(h.dirs.rules, 'versions', 'demo-flow'))).toBe(false);
    rmSync(lock);
    expect(await install).toBe(true);
    expect((await registry.ruleSet('demo-flow')).version).toBe(7);
    expect(readdirSync(h.dirs.rules).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('a publish interrupted after its journal entry', () => {
  it('is finished on the next start: version, drawing and meta files written and committed together', async () => {
    const { tempDir } = await import('../test-support/harness.js');
    const { writeJournal } = await import('./publish-journal.js');
    const rules = tempDir('sluice-journal-');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: rules, encoding: 'utf8' }).trim();
    git('init', '-q');
    git('config', 'user.email', 'x@example.com');
    git('config', 'user.name', 'x');
    // What a publish journals before writing anything (registry.publish): then the process died.
    const drawn = { ...demoFlow('demo-flow', { sqlAt: 45 }), version: 1, nodes: (demoFlow().nodes as Record<string, unknown>[]).map((n, i) => ({ ...n, position: { x: i * 280, y: 60 } })) };
    const r = compile(drawn);
    if (!r.ok) throw new Error('fixture does not compile');
    const meta = { schemaVersion: 1, ruleSet: 'demo-flow', version: 1, hash: r.ruleSet.hash, publishedAt: '2025-06-10T09:30:00.000Z', author: 'Ann' };
    await writeJournal(rules, { id: 'demo-flow', version: 1, hash: r.ruleSet.hash, author: 'Ann', ruleSet: stringifyDocument(r.ruleSet), flow: stringifyDocument(drawn), meta: stringifyDocument(meta) });
    // A drawing already there (the kill came after it was written) is kept, not rewritten.
    mkdirSync(join(rules, 'versions', 'demo-flow'), { recursive: true });
    writeFileSync(join(rules, 'versions', 'demo-flow', 'v1.meta.json'), stringifyDocument(meta));

    const reg = new Registry({ rulesDir: rules, git: 'on' });
    await reg.recover();
    expect(readdirSync(join(rules, 'versions', 'demo-flow')).sort()).toEqual(['v1.flow.json', 'v1.meta.json', 'v1.ruleset.json']);
    expect(git('show', '--name-only', '--format=%s', 'HEAD').split('\n').filter(Boolean).sort()).toEqual([
      expect.stringMatching(/^Publish demo-flow v1 /), 'demo-flow.flow.json', 'demo-flow.ruleset.json', 'versions/demo-flow/v1.flow.json', 'versions/demo-flow/v1.meta.json', 'versions/demo-flow/v1.ruleset.json',
    ].sort());
    expect(git('status', '--porcelain')).toBe('');
    expect(existsSync(join(rules, '.sluice-publishing'))).toBe(false);
    // The version's own drawing, with its positions.
    const flow = await reg.versionFlow('demo-flow', 1);
    expect(flow.nodes.map((n) => n.position)).toEqual(drawn.nodes.map((n) => n.position));
    rmSync(rules, { recursive: true, force: true });
  });
});
