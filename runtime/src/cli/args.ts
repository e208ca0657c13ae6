import { UsageError } from './errors.js';
export { UsageError } from './errors.js';

/** Parsed command line: positionals and `--flag value` / `--flag=value` / `-o value` options. */
export interface Args {
  positionals: string[];
  flags: Record<string, string | undefined>;
  /** Every value of each option, in order, for options that may repeat (`--map a=b --map c=d`). */
  lists: Record<string, string[]>;
  bools: Set<string>;
}

/**
 * The options a command accepts: long name → `value` (takes one) or `flag` (takes none), and
 * aliases (`o` → `out`). `--help` / `-h` are accepted by every command.
 */
export interface OptionSpec {
  options: Record<string, 'value' | 'flag'>;
  aliases?: Record<string, string>;
}

/**
 * A small argv parser (no framework needed for a handful of commands). An option the command
 * does not declare is a UsageError that names it, so a typo never turns into "needs a value"
 * or a silently ignored flag.
 *
 * @example
 * parseArgs(['a.json', '-o', 'b.json'], { options: { out: 'value' }, aliases: { o: 'out' } })
 * // { positionals: ['a.json'], flags: { out: 'b.json' }, bools: Set {} }
 * @throws UsageError for an unknown option or a missing value
 */
export function parseArgs(argv: string[], spec: OptionSpec): Args {
  const positionals: string[] = [];
  const flags: Record<string, string | undefined> = {};
  const lists: Record<string, string[]> = {};
  const bools = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const m = /^(--?)([A-Za-z][\w-]*)(?:=(.*))?$/.exec(a);
    if (!m) {
      positionals.push(a);
      continue;
    }
    const written = m[2] as string;
    if (written === 'help' || (m[1] === '-' && written === 'h')) {
      bools.add('help');
      continue;
    }
    // Own properties only: `--constructor` must not find Object.prototype's.
    const name = spec.aliases && Object.hasOwn(spec.aliases, written) ? (spec.aliases[written] as string) : written;
    const kind = Object.hasOwn(spec.options, name) ? spec.options[name] : undefined;
    if (!kind) throw new UsageError(`unknown option ${a.replace(/=.*$/, '')}`);
    if (kind === 'flag') {
      if (m[3] !== undefined) throw new UsageError(`${m[1]}${written} takes no value`);
      bools.add(name);
      continue;
    }
    const value = m[3] ?? argv[++i];
    if (value === undefined) throw new UsageError(`${m[1]}${written} needs a value`);
    flags[name] = value;
    if (!Object.hasOwn(lists, name)) lists[name] = [];
    lists[name]!.push(value);
  }
  return { positionals, flags, lists, bools };
}
