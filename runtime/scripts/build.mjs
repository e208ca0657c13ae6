// Builds @sluice/runtime: tsc emits ESM + .d.ts to dist/; dist/cli.js keeps its shebang
// (tsc preserves it) and gets the executable bit so `sluice` runs as a bin.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chmod, readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await rm(join(root, 'dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
const cli = join(root, 'dist', 'cli.js');
if (!(await readFile(cli, 'utf8')).startsWith('#!/usr/bin/env node')) throw new Error('dist/cli.js lost its shebang');
await chmod(cli, 0o755);
console.log('runtime: built dist/');
