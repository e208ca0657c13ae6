#!/usr/bin/env node
// The `sluice` command. No framework: eight commands, a small parser, exit codes
// 0 = ok, 1 = the check failed (invalid file, failing case, differences), 2 = usage error.
import { parseArgs, UsageError } from './cli/args.js';
import { HELP } from './cli/help.js';
import type { Io } from './cli/commands.js';

type Command = (a: ReturnType<typeof parseArgs>, io: Io) => Promise<number>;

// Loaded on use: `sluice validate` should not pay for the HTTP server and SQLite.
const COMMANDS: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./cli/commands.js')).validateCmd,
  compile: async () => (await import('./cli/commands.js')).compileCmd,
  test: async () => (await import('./cli/commands.js')).testCmd,
  diff: async () => (await import('./cli/commands.js')).diffCmd,
  impact: async () => (await import('./cli/impact.js')).impactCmd,
  serve: async () => (await import('./cli/serve.js')).serveCmd,
  plan: async () => (await import('./cli/funnel.js')).planCmd,
  funnel: async () => (await import('./cli/funnel.js')).funnelCmd,
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
    const args = parseArgs(rest, { o: 'out', output: 'out' }, ['help', 'json', 'browser']);
    if (args.bools.has('help')) {
      io.out(HELP[name] ?? '');
      return 0;
    }
    return await (await cmd())(args, io);
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
