// `pnpm start`: install, build, serve — doing only what is stale. The install is skipped while
// the lockfile, the package.json files and Node are what the last install saw; a package is
// built again only when its inputs (its files, the lockfile, the packages it depends on)
// changed or its dist/ is not what its last build left. One line per step; a step's output
// is shown only when it fails. Arguments go to `sluice serve` (`pnpm start --port 9000`);
// `--rebuild` builds everything again. Node built-ins only: it runs before the install.
import { spawn } from 'node:child_process';
import { seconds, step } from './start/step.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildablePackages, inputHash, installHash, outputFingerprint, readState, stateFile } from './start/workspace.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `pnpm start -- --port 9000` (the npm habit) hands the `--` on: it separates nothing here.
const args = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
const rebuild = args.includes('--rebuild');
const serveArgs = args.filter((a) => a !== '--rebuild');
const out = (s) => process.stdout.write(s);
const HINT = 'Fix it and run pnpm start again.';

function save(state) {
  mkdirSync(dirname(stateFile(root)), { recursive: true });
  writeFileSync(stateFile(root), `${JSON.stringify(state, null, 2)}\n`);
}

const last = (ms) => (ms ? ` (last time ${seconds(ms)})` : '');
const state = readState(root);
const packages = buildablePackages(root);

// Install: pnpm's own "Already up to date" check costs seconds; the fingerprint costs nothing.
const install = installHash(root);
const installStale = state.install?.hash !== install;
if (installStale && !state.install) {
  out(
    `Sluice: first start here: installing dependencies and building ${packages.length} packages takes about 2-3 minutes\n` +
      `(more when better-sqlite3 compiles from source); later starts take a few seconds and rebuild only what changed.\n`,
  );
}
if (installStale) {
  const ms = await step('install dependencies', 'pnpm', ['install', '--frozen-lockfile'], { cwd: root, note: last(state.install?.ms), failHint: HINT });
  // The install may have created node_modules, where the state lives: read it again.
  Object.assign(state, readState(root), { install: { hash: install, ms } });
  save(state);
} else {
  out('  install dependencies: up to date\n');
}

const hashes = new Map();
const upToDate = [];
for (const pkg of packages) {
  const hash = inputHash(root, pkg, hashes);
  hashes.set(pkg.name, hash);
  const known = state.packages[pkg.name];
  if (!rebuild && known?.inputs === hash && known.outputs && known.outputs === outputFingerprint(pkg)) {
    upToDate.push(pkg.name);
    continue;
  }
  const ms = await step(`build ${pkg.name}`, 'pnpm', ['run', 'build'], { cwd: pkg.dir, note: last(known?.ms), failHint: HINT });
  state.packages[pkg.name] = { inputs: hash, outputs: outputFingerprint(pkg), ms };
  save(state);
}
if (upToDate.length) out(`  build ${upToDate.join(', ')}: up to date\n`);

// Serve in a child: it owns the terminal; signals sent to this process are passed on, and
// its exit code is this one's.
const server = spawn(process.execPath, [join(root, 'runtime', 'dist', 'cli.js'), 'serve', ...serveArgs], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => server.kill(sig));
server.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
