import { parseArgs } from './args.js';
import { CliError, EXIT, UsageError } from './errors.js';
import { HELP } from './help.js';
import { COMMANDS } from './registry.js';
import type { Io } from './registry.js';

/** The `Usage:` lines of a command's help, shown under a usage error. */
export function usageOf(name: string): string {
  const help = HELP[name] ?? '';
  const usage = help.split('\n\n')[0] ?? help;
  return `${usage}\nRun sluice ${name} --help for details.`;
}

/**
 * Runs the CLI; returns the exit code (0 ok, 1 a check failed, 2 the command could not run:
 * see errors.ts). Every command's errors are reported here, the same way.
 *
 * @example
 * process.exitCode = await main(['validate', 'a.flow.json'], { out: console.log, err: console.error });
 */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP.main ?? '');
    return EXIT.ok;
  }
  if (!name) {
    io.err(HELP.main ?? '');
    return EXIT.usage;
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    io.err(`sluice: unknown command ${name}\n\n${HELP.main}`);
    return EXIT.usage;
  }
  try {
    const args = parseArgs(rest, cmd);
    if (args.bools.has('help')) {
      io.out(HELP[name] ?? '');
      return EXIT.ok;
    }
    return await (await cmd.load())(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`sluice ${name}: ${e.message}\n\n${usageOf(name)}`);
      return e.code;
    }
    if (e instanceof CliError) {
      io.err(`sluice ${name}: ${e.message}`);
      return e.code;
    }
    // Not an expected failure: a bug or the system. The stack is what a bug report needs.
    io.err(`sluice ${name}: unexpected error: ${(e as Error).stack ?? String(e)}`);
    return EXIT.usage;
  }
}
