// Every command: the options it accepts and where its code is. A command added here gets the
// shared parsing (unknown options named, --help), error reporting and exit codes of main.ts.
// Code is loaded on use: `sluice validate` should not pay for the HTTP server and SQLite.
import type { Args, OptionSpec } from './args.js';

/** Where a command writes; tests and the CLI entry pass process streams. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** A command's body: returns its exit code (see errors.ts), or throws a CliError. */
export type Run = (a: Args, io: Io) => Promise<number>;

export interface Command extends OptionSpec {
  load: () => Promise<Run>;
}

const json = { json: 'flag' } as const;

export const COMMANDS: Record<string, Command> = {
  validate: { options: {}, load: async () => (await import('./commands.js')).validateCmd },
  compile: { options: { out: 'value', browser: 'flag' }, aliases: { o: 'out', output: 'out' }, load: async () => (await import('./commands.js')).compileCmd },
  test: { options: { ...json }, load: async () => (await import('./commands.js')).testCmd },
  diff: { options: { ...json }, load: async () => (await import('./commands.js')).diffCmd },
  impact: { options: { leads: 'value', map: 'value', format: 'value', now: 'value', ...json }, load: async () => (await import('./impact.js')).impactCmd },
  simulate: {
    options: { leads: 'value', generate: 'value', seed: 'value', map: 'value', format: 'value', now: 'value', sample: 'value', threads: 'value', ...json },
    load: async () => (await import('./simulate.js')).simulateCmd,
  },
  publish: { options: { url: 'value', author: 'value', message: 'value' }, load: async () => (await import('./publish.js')).publishCmd },
  plan: { options: { ...json }, load: async () => (await import('./funnel.js')).planCmd },
  funnel: { options: { url: 'value', ruleset: 'value', from: 'value', to: 'value', by: 'value', key: 'value', ...json }, load: async () => (await import('./funnel.js')).funnelCmd },
  serve: { options: { port: 'value', host: 'value', data: 'value', rules: 'value', database: 'value' }, load: async () => (await import('./serve.js')).serveCmd },
};
