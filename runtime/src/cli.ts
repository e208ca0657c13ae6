#!/usr/bin/env node
// The `sluice` command: parsing, error reporting and exit codes are in cli/main.ts, the
// commands in cli/registry.ts.
import { main } from './cli/main.js';
import type { Io } from './cli/registry.js';

export { main };

const io: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exitCode = 2;
  },
);
