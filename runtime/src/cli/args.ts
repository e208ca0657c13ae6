/** Parsed command line: positionals and `--flag value` / `--flag=value` / `-o value` options. */
export interface Args {
  positionals: string[];
  flags: Record<string, string | undefined>;
  /** Every value of each option, in order, for options that may repeat (`--map a=b --map c=d`). */
  lists: Record<string, string[]>;
  bools: Set<string>;
}

/**
 * A small argv parser (no framework needed for six commands). `booleans` names flags that
 * take no value.
 *
 * @example
 * parseArgs(['a.json', '-o', 'b.json'], { o: 'out' }) // { positionals: ['a.json'], flags: { out: 'b.json' } }
 */
export function parseArgs(argv: string[], aliases: Record<string, string> = {}, booleans: string[] = ['help', 'json']): Args {
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
    const name = aliases[m[2] as string] ?? (m[2] as string);
    if (a === '-h') {
      bools.add('help');
      continue;
    }
    if (booleans.includes(name)) {
      bools.add(name);
      continue;
    }
    const value = m[3] ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    flags[name] = value;
    // hasOwn: an option named like an Object.prototype member (--constructor) is a plain name here.
    if (!Object.hasOwn(lists, name)) lists[name] = [];
    lists[name]!.push(value);
  }
  return { positionals, flags, lists, bools };
}

/** A mistake in how a command was called: printed with the command's help, exit 2. */
export class UsageError extends Error {}
