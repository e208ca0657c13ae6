// `pnpm start` (scripts/start.mjs) on a small workspace of its own: a → b → runtime, each build
// logging that it ran. The first start installs and builds all; a second builds nothing and
// says so in one line per step; a change rebuilds that package and what depends on it; a
// failing build shows its output and stops. The real repository's figures are in the README.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const REPO = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const ws = mkdtempSync(join(tmpdir(), 'sluice-start-'));
afterAll(() => rmSync(ws, { recursive: true, force: true }));

const BUILD = `import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
const name = JSON.parse(readFileSync('package.json', 'utf8')).name;
appendFileSync('../builds.log', name + '\\n');
const src = readFileSync('src/index.txt', 'utf8');
if (src.includes('BREAK')) { console.log('compiling ' + name); console.error('src/index.txt: boom'); process.exit(3); }
console.log('lots of build output nobody needs to read');
mkdirSync('dist', { recursive: true });
writeFileSync('dist/out.txt', src);
if (name === 'runtime') writeFileSync('dist/cli.js', "console.log('Sluice is running (fake): ' + process.argv.slice(2).join(' ')); process.exitCode = 7;");
`;

function pkg(name: string, deps: string[]): void {
  mkdirSync(join(ws, name, 'src'), { recursive: true });
  const dependencies = Object.fromEntries(deps.map((d) => [d, 'workspace:*']));
  writeFileSync(join(ws, name, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module', dependencies, scripts: { build: 'node build.mjs' } }));
  writeFileSync(join(ws, name, 'build.mjs'), BUILD);
  writeFileSync(join(ws, name, 'src', 'index.txt'), `${name} v1\n`);
}

function start(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ws, 'scripts', 'start.mjs'), ...args], { cwd: ws, encoding: 'utf8' });
  // Durations differ from run to run.
  const clean = (s: string) => s.replace(/\d+\.\d s/g, 'N s');
  return { code: r.status, stdout: clean(r.stdout), stderr: clean(r.stderr) };
}
const builds = () => readFileSync(join(ws, 'builds.log'), 'utf8').trim().split('\n');
const resetBuilds = () => writeFileSync(join(ws, 'builds.log'), '');

beforeAll(() => {
  writeFileSync(join(ws, 'package.json'), JSON.stringify({ name: 'ws', private: true }));
  // Listed out of dependency order on purpose.
  writeFileSync(join(ws, 'pnpm-workspace.yaml'), 'packages:\n  - runtime\n  - b\n  - a\n');
  pkg('a', []);
  pkg('b', ['a']);
  pkg('runtime', ['b']);
  cpSync(join(REPO, 'scripts', 'start.mjs'), join(ws, 'scripts', 'start.mjs'));
  cpSync(join(REPO, 'scripts', 'start'), join(ws, 'scripts', 'start'), { recursive: true });
  // The lockfile `--frozen-lockfile` needs (no registry involved: workspace packages only).
  const r = spawnSync('pnpm', ['install', '--lockfile-only'], { cwd: ws, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr || r.stdout);
  resetBuilds();
}, 60_000);

describe('pnpm start (scripts/start.mjs)', () => {
  it('first start: says what it does and how long it takes, installs, builds in dependency order, serves', () => {
    const r = start('--port', '1234');
    expect(r.stdout).toBe(
      [
        'Sluice: first start here: installing dependencies and building 3 packages takes about 2-3 minutes',
        '(more when better-sqlite3 compiles from source); later starts take a few seconds and rebuild only what changed.',
        '  install dependencies … done in N s',
        '  build a … done in N s',
        '  build b … done in N s',
        '  build runtime … done in N s',
        'Sluice is running (fake): serve --port 1234',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(7); // the server's exit code is start's
    expect(builds()).toEqual(['a', 'b', 'runtime']);
  });

  it('second start: nothing installed or built, one line per step', () => {
    resetBuilds();
    const r = start();
    expect(r.stdout).toBe(['  install dependencies: up to date', '  build a, b, runtime: up to date', 'Sluice is running (fake): serve', ''].join('\n'));
    expect(readFileSync(join(ws, 'builds.log'), 'utf8')).toBe('');
  });

  it('a changed source rebuilds its package and the packages that depend on it, saying how long it took last time', () => {
    resetBuilds();
    writeFileSync(join(ws, 'b', 'src', 'index.txt'), 'b v2\n');
    const r = start();
    expect(builds()).toEqual(['b', 'runtime']);
    expect(r.stdout).toContain('  build b (last time N s) … done in N s\n  build runtime (last time N s) … done in N s\n  build a: up to date\n');
  });

  it('a deleted or replaced dist/ is built again; --rebuild builds everything', () => {
    resetBuilds();
    rmSync(join(ws, 'a', 'dist'), { recursive: true });
    start();
    expect(builds()).toEqual(['a']); // a's inputs did not change, so b and runtime stay
    resetBuilds();
    writeFileSync(join(ws, 'b', 'dist', 'out.txt'), 'something else entirely');
    start();
    expect(builds()).toEqual(['b']);
    resetBuilds();
    start('--rebuild');
    expect(builds()).toEqual(['a', 'b', 'runtime']);
  });

  it('hands the options after `pnpm start --` to sluice serve, without the `--`', () => {
    expect(start('--', '--port', '9000').stdout).toContain('Sluice is running (fake): serve --port 9000\n');
  });

  it('a changed package.json installs again', () => {
    const file = join(ws, 'a', 'package.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), description: 'changed' }));
    expect(start().stdout).toContain('  install dependencies (last time N s) … done in N s\n');
    expect(start().stdout).toContain('  install dependencies: up to date\n');
  });

  it('a failing build shows its whole output, says what failed and stops before serving', () => {
    writeFileSync(join(ws, 'b', 'src', 'index.txt'), 'BREAK\n');
    const r = start();
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('  build b (last time N s) … FAILED (exit 3) after N s\n');
    expect(r.stdout).not.toContain('Sluice is running');
    expect(r.stderr).toContain('compiling b');
    expect(r.stderr).toContain('src/index.txt: boom');
    expect(r.stderr).toContain('build b failed (pnpm run build): its output is above. Fix it and run pnpm start again.');
    // Fixed, it is built again: a failed build never counts as up to date.
    writeFileSync(join(ws, 'b', 'src', 'index.txt'), 'b v3\n');
    resetBuilds();
    expect(start().code).toBe(7);
    expect(builds()).toEqual(['b', 'runtime']);
  });
});
