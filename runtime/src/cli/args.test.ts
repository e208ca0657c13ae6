import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';
import { UsageError } from './errors.js';

const spec = { options: { out: 'value', json: 'flag' }, aliases: { o: 'out' } } as const;

describe('parseArgs', () => {
  it('reads positionals, values (--x v, --x=v, -o v), flags, --help / -h and --', () => {
    const a = parseArgs(['a.json', '-o', 'b.json', '--json', '-h', '--', '--not-an-option'], spec);
    expect(a.positionals).toEqual(['a.json', '--not-an-option']);
    expect(a.flags).toEqual({ out: 'b.json' });
    expect([...a.bools].sort()).toEqual(['help', 'json']);
    expect(parseArgs(['--out=c.json'], spec).flags).toEqual({ out: 'c.json' });
    // A repeated option: the last value in flags, all of them in lists.
    const r = parseArgs(['-o', 'x', '--out', 'y'], spec);
    expect(r.flags.out).toBe('y');
    expect(r.lists).toEqual({ out: ['x', 'y'] });
  });

  it('names an unknown option as unknown, also when a value follows it', () => {
    expect(() => parseArgs(['f.json', '--bogus'], spec)).toThrow(new UsageError('unknown option --bogus'));
    expect(() => parseArgs(['--outt', 'x'], spec)).toThrow(new UsageError('unknown option --outt'));
    expect(() => parseArgs(['--bogus=1'], spec)).toThrow(new UsageError('unknown option --bogus'));
    expect(() => parseArgs(['-x'], spec)).toThrow(new UsageError('unknown option -x'));
  });

  it('a known option without its value, or a flag given one, is a usage error', () => {
    expect(() => parseArgs(['-o'], spec)).toThrow(new UsageError('-o needs a value'));
    expect(() => parseArgs(['--json=yes'], spec)).toThrow(new UsageError('--json takes no value'));
  });

  it('never reads an option name from the prototype', () => {
    expect(() => parseArgs(['--constructor', 'x'], spec)).toThrow(new UsageError('unknown option --constructor'));
    expect(() => parseArgs(['--toString', 'x'], { options: {} })).toThrow(new UsageError('unknown option --toString'));
  });
});
