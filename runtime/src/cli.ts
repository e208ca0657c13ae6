#!/usr/bin/env node
// The `sluice` command. No framework: six commands, a small parser, exit codes
// 0 = ok, 1 = the check failed (invalid file, failing case, differences), 2 = usage error.
import { parseArgs, UsageError } from './cli/args.js';
import { HELP, compileCmd, diffCmd, testCmd, validateCmd } from './cli/commands.js';
import type { Io } from './cli/commands.js';
import { impactCmd } from './cli/impact.js';
import { serveCmd } from './cli/serve.js';

const COMMANDS: Record<string, (a: ReturnType<typeof parseArgs>, io: Io) => Promise<number>> = {
  validate: validateCmd,
  compile: compileCmd,
  test: testCmd,
  diff: diffCmd,
  impact: impactCmd,
  serve: serveCmd,
};

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP.main ?? '');
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.err(`unknown command: ${name}\n\n${HELP.main}`);
    return 2;
  }
  try {
    const args = parseArgs(rest, { o: 'out', output: 'out' });
    if (args.bools.has('help')) {
      io.out(HELP[name] ?? '');
      return 0;
    }
    return await cmd(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`sluice ${name}: ${e.message}\n\n${HELP[name]}`);
      return 2;
    }
    io.err(`sluice ${name}: ${(e as Error).message}`);
    return 1;
  }
}

const io: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exitCode = 1;
  },
);
