// What `pnpm start` needs to know about the workspace, read from its own files (no
// dependencies: this runs before `pnpm install` on a fresh machine): the packages with a build
// script in dependency order, and a fingerprint of each one's inputs and outputs.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Folders that are outputs or caches, never build inputs. */
const NOT_INPUT = new Set(['node_modules', 'dist', 'generated', '.vite', 'coverage', 'test-results', '.turbo']);

/** Workspace package folders from pnpm-workspace.yaml (`- dir` and `- dir/*` entries). */
export function workspaceDirs(root) {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\s*\n((?:[ \t]+-.*\n?)+)/m.exec(yaml)?.[1] ?? '';
  const dirs = [];
  for (const m of block.matchAll(/^[ \t]+-\s*["']?([^"'\n#]+?)["']?\s*$/gm)) {
    const entry = m[1];
    if (entry.endsWith('/*')) {
      const parent = join(root, entry.slice(0, -2));
      if (existsSync(parent)) for (const d of readdirSync(parent).sort()) if (existsSync(join(parent, d, 'package.json'))) dirs.push(join(parent, d));
    } else if (existsSync(join(root, entry, 'package.json'))) dirs.push(join(root, entry));
  }
  return dirs;
}

/**
 * The packages that have a build script, dependencies first. Each: { name, dir, deps (workspace
 * packages it depends on), extraInputs (package.json "sluice.buildInputs": files the build reads
 * from outside its folder, such as the editor's bundled templates) }.
 */
export function buildablePackages(root) {
  const pkgs = workspaceDirs(root).map((dir) => {
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const all = { ...json.dependencies, ...json.devDependencies };
    const deps = Object.keys(all).filter((d) => String(all[d]).startsWith('workspace:'));
    return { name: json.name, dir, deps, build: Boolean(json.scripts?.build), extraInputs: json.sluice?.buildInputs ?? [] };
  });
  const byName = new Map(pkgs.map((p) => [p.name, p]));
  const ordered = [];
  const seen = new Set();
  const visit = (p, path) => {
    if (seen.has(p.name)) return;
    if (path.includes(p.name)) throw new Error(`workspace dependency cycle: ${[...path, p.name].join(' → ')}`);
    for (const d of p.deps) if (byName.has(d)) visit(byName.get(d), [...path, p.name]);
    seen.add(p.name);
    ordered.push(p);
  };
  for (const p of pkgs) visit(p, []);
  return ordered.filter((p) => p.build).map((p) => ({ ...p, deps: p.deps.filter((d) => byName.get(d)?.build) }));
}

function walk(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!NOT_INPUT.has(e.name) && !e.name.startsWith('.')) walk(join(dir, e.name), out);
    } else if (e.isFile() && !e.name.endsWith('.tsbuildinfo')) out.push(join(dir, e.name));
  }
  return out;
}

/** Files of an extra input: a folder (walked) or `folder/*<suffix>` (its files ending so). */
function extraFiles(dir, entry) {
  const star = entry.indexOf('/*');
  if (star === -1) {
    const p = join(dir, entry);
    return !existsSync(p) ? [] : statSync(p).isDirectory() ? walk(p, []) : [p];
  }
  const folder = join(dir, entry.slice(0, star));
  const suffix = entry.slice(star + 2);
  return existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith(suffix)).map((f) => join(folder, f)) : [];
}

/** sha256 over file names and contents (names relative to root, so checkouts agree). */
export function hashFiles(root, files) {
  const h = createHash('sha256');
  for (const f of [...new Set(files)].sort()) {
    h.update(relative(root, f).split(sep).join('/'));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex');
}

/**
 * A package's input fingerprint: its own files (outputs excluded), its extra inputs, the shared
 * compiler settings and lockfile, Node's version, and the fingerprints of the workspace
 * packages it depends on (a changed engine rebuilds the runtime and the editor too).
 */
export function inputHash(root, pkg, depHashes) {
  const files = walk(pkg.dir, []);
  for (const e of pkg.extraInputs) files.push(...extraFiles(pkg.dir, e));
  for (const f of ['tsconfig.base.json', 'pnpm-lock.yaml']) if (existsSync(join(root, f))) files.push(join(root, f));
  const h = createHash('sha256');
  h.update(`${process.version}\n${hashFiles(root, files)}\n`);
  for (const d of pkg.deps) h.update(`${d}=${depHashes.get(d) ?? '?'}\n`);
  return h.digest('hex');
}

/** What the build left in dist/: names and sizes (a deleted or replaced build shows here). */
export function outputFingerprint(pkg) {
  const dist = join(pkg.dir, 'dist');
  if (!existsSync(dist)) return null;
  const all = [];
  const list = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) list(p);
      else all.push(`${relative(dist, p).split(sep).join('/')}:${statSync(p).size}`);
    }
  };
  list(dist);
  return all.length === 0 ? null : createHash('sha256').update(all.sort().join('\n')).digest('hex');
}

/** The install fingerprint: lockfile, workspace file, every package.json, Node's version. */
export function installHash(root) {
  const files = [join(root, 'pnpm-lock.yaml'), join(root, 'pnpm-workspace.yaml'), join(root, 'package.json')];
  for (const d of workspaceDirs(root)) files.push(join(d, 'package.json'));
  return createHash('sha256').update(`${process.version}\n${hashFiles(root, files.filter((f) => existsSync(f)))}`).digest('hex');
}

/** The state of earlier starts, kept in node_modules so that a fresh install starts over. */
export function stateFile(root) {
  return join(root, 'node_modules', '.cache', 'sluice-start', 'state.json');
}

export function readState(root) {
  try {
    return JSON.parse(readFileSync(stateFile(root), 'utf8'));
  } catch {
    return { install: null, packages: {} };
  }
}
