// One meaning of exit codes for every command, as ESLint and diff(1) use them:
//   0  ok: valid, compiled, every case passed, no differences
//   1  the check failed: a file was read and its content is wrong (not JSON, schema, compile
//      errors), a case failed, or two rule sets differ
//   2  the command could not run as called: an unknown command or option, a missing or extra
//      argument, a bad option value, or a file that does not exist or cannot be read
// A missing file counts as 2, not 1, so that `sluice diff a b` exiting 1 always means "they
// differ" and a CI step can tell a broken rule set from a mistyped path.
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI prints as one line (`sluice <command>: message`) and exits with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: ExitCode = EXIT.usage,
  ) {
    super(message);
  }
}

/** A mistake in how a command was called: printed with the command's usage, exit 2. */
export class UsageError extends CliError {}

/** A file named on the command line that cannot be read: exit 2. */
export class FileError extends CliError {
  constructor(
    readonly file: string,
    cause: NodeJS.ErrnoException,
  ) {
    super(`${file}: ${readProblem(cause)}`, EXIT.usage);
  }
}

/** What went wrong reading a file, in words rather than errno codes. */
export function readProblem(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'file does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOTDIR':
      return 'file does not exist (a part of the path is not a folder)';
    default:
      return `cannot read it: ${e.code ?? e.message}`;
  }
}
