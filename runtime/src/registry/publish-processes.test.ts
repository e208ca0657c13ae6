// Real processes on one rules folder: two servers publishing at once, and servers killed with
// SIGKILL in the middle of publishing. Needs the built runtime (dist/cli.js).
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleSet } from '@sluice/sdk';
import { kill9, startServer } from '../test-support/process.js';
import { tempDir } from '../test-support/harness.js';
import { demoFlow } from '../test-support/fixtures.js';

const SK = 'sk_test_publish_processes';
let children: ChildProcess[] = [];
let root = '';
afterEach(async () => {
  await Promise.all(children.map((c) => kill9(c)));
  children = [];
  if (root) rmSync(root, { recursive: true, force: true });
});

async function serve(rules: string, name: string, env: Record<string, string> = {}) {
  const s = await startServer([], {
    SLUICE_RULES_DIR: rules,
    SLUICE_DATA_DIR: join(root, `data-${name}`),
    SLUICE_EXAMPLES_DIR: '',
    SLUICE_EDITOR_DIR: '',
    SLUICE_SECRET_KEY: SK,
    SLUICE_RATE_LIMIT: 'off',
    ...env,
  });
  children.push(s.child);
  return s;
}

function publish(url: string, i: number): Promise<{ status: number; version?: number }> {
  return fetch(`${url}/v1/rulesets/demo-flow/publish`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SK}`, 'content-type': 'application/json' },
    body: JSON.stringify({ author: `p${i}`, flow: demoFlow('demo-flow', { sqlAt: 30 + (i % 40) }) }),
  }).then(async (r) => ({ status: r.status, ...((await r.json()) as { version?: number }) }));
}

/** Every file under `dir` (relative), the .git folder left out. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.name === '.git' ? [] : e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe('publishing from several processes on one rules folder', () => {
  it('two servers publishing at once never both get the same version', async () => {
    root = tempDir('sluice-pub-');
    const rules = join(root, 'rules');
    mkdirSync(rules);
    const [a, b] = await Promise.all([serve(rules, 'a'), serve(rules, 'b')]);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => publish((i % 2 ? a : b).url, i)));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(results.map((r) => r.version).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(JSON.parse(readFileSync(join(rules, 'demo-flow.ruleset.json'), 'utf8'))).toMatchObject({ version: 20 });
  }, 60_000);

  it('servers killed with SIGKILL while publishing leave no temp files and no gap in the git history', async () => {
    root = tempDir('sluice-pub-');
    const rules = join(root, 'rules');
    mkdirSync(rules);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: rules, encoding: 'utf8' }).trim();
    git('init', '-q');
    git('config', 'user.email', 'x@example.com');
    git('config', 'user.name', 'x');
    writeFileSync(join(rules, 'README.md'), 'rules\n');
    git('add', 'README.md');
    git('commit', '-qm', 'start');
    const acknowledged: number[] = [];
    let n = 0;
    for (let cycle = 0; cycle < 8; cycle++) {
      const s = await serve(rules, 'k', { SLUICE_GIT: 'on' });
      // Publishers keep going until the server dies under them.
      const publishers = Array.from({ length: 3 }, async () => {
        for (;;) {
          const r = await publish(s.url, n++).catch(() => null);
          if (!r) return;
          if (r.status === 201 && r.version) acknowledged.push(r.version);
        }
      });
      await new Promise((r) => setTimeout(r, 150 + ((cycle * 97) % 400)));
      await kill9(s.child);
      await Promise.all(publishers);
    }
    // A last start finishes what the last kill interrupted; one more publish retries any
    // commit that a still-running git of a killed server had locked out.
    const last = await serve(rules, 'k', { SLUICE_GIT: 'on' });
    expect((await publish(last.url, n++)).status).toBe(201);
    await kill9(last.child);

    const published = readdirSync(join(rules, 'versions', 'demo-flow'))
      .filter((f) => f.endsWith('.ruleset.json'))
      .map((f) => Number(/^v(\d+)\.ruleset\.json$/.exec(f)?.[1]))
      .sort((x, y) => x - y);
    const top = published.length;
    expect(top).toBeGreaterThan(3);
    expect(published).toEqual(Array.from({ length: top }, (_, i) => i + 1));
    for (const v of published) expect(loadRuleSet(JSON.parse(readFileSync(join(rules, 'versions', 'demo-flow', `v${v}.ruleset.json`), 'utf8'))).ok).toBe(true);
    // Every version acknowledged with a 201 is there, the latest file is the top one.
    for (const v of acknowledged) expect(v).toBeLessThanOrEqual(top);
    expect(JSON.parse(readFileSync(join(rules, 'demo-flow.ruleset.json'), 'utf8'))).toMatchObject({ version: top });
    // One commit per version, none missing, and nothing left uncommitted or half written.
    const subjects = git('log', '--format=%s').split('\n').filter((l) => l.startsWith('Publish'));
    const committed = subjects.map((l) => Number(/^Publish demo-flow v(\d+) /.exec(l)?.[1])).sort((x, y) => x - y);
    expect(committed).toEqual(published);
    expect(git('status', '--porcelain')).toBe('');
    // Each version with its meta file (publish time) and its drawing, written and committed with it even when the publish was finished by the next start.
    expect(walk(rules).sort()).toEqual(['README.md', 'demo-flow.flow.json', 'demo-flow.ruleset.json', ...published.flatMap((v) => [`versions/demo-flow/v${v}.ruleset.json`, `versions/demo-flow/v${v}.meta.json`, `versions/demo-flow/v${v}.flow.json`])].sort());
    for (const v of published) expect(JSON.parse(readFileSync(join(rules, 'versions', 'demo-flow', `v${v}.flow.json`), 'utf8'))).toMatchObject({ id: 'demo-flow', version: v });
  }, 120_000);
});
