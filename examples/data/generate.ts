// Writes synthetic B2B leads as NDJSON (the generator itself is sdk/src/simulate/synthetic.ts,
// shared by `sluice simulate --generate`, the editor and the tests):
//
//   pnpm exec tsx examples/data/generate.ts --count 10000 --seed 42 --out examples/data/leads.ndjson
import { DEFAULT_NOW, iterateLeads } from '../../sdk/src/simulate/synthetic.js';

export * from '../../sdk/src/simulate/synthetic.js';

function parseArgs(argv: string[]): { count: number; seed: number; out?: string; now: string } {
  const opts = { count: 10_000, seed: 42, now: DEFAULT_NOW, out: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--count' && v) (opts.count = Number(v)), i++;
    else if (a === '--seed' && v) (opts.seed = Number(v)), i++;
    else if (a === '--now' && v) (opts.now = v), i++;
    else if (a === '--out' && v) (opts.out = v), i++;
    else throw new Error(`unknown argument ${a}; usage: generate.ts [--count N] [--seed S] [--now ISO] [--out file.ndjson]`);
  }
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new Error('--count must be a non-negative integer');
  if (!Number.isInteger(opts.seed)) throw new Error('--seed must be an integer');
  return opts;
}

async function main(argv: string[]): Promise<void> {
  const { createWriteStream } = await import('node:fs');
  const opts = parseArgs(argv);
  const out = opts.out ? createWriteStream(opts.out) : process.stdout;
  let buf = '';
  for (const line of iterateLeads(opts)) {
    buf += `${JSON.stringify(line)}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  await new Promise<void>((resolve, reject) => {
    out.write(buf, (err) => (err ? reject(err) : resolve()));
  });
  if (opts.out) {
    await new Promise<void>((r) => (out as ReturnType<typeof createWriteStream>).end(() => r()));
    process.stderr.write(`wrote ${opts.count} leads to ${opts.out}\n`);
  }
}

// Run as a script (tsx examples/data/generate.ts), not when imported by tests or the editor.
const script = typeof process !== 'undefined' ? process.argv?.[1]?.replace(/\\/g, '/') : undefined;
const invokedDirectly = !!script && /\/generate\.[cm]?[jt]s$/.test(script) && import.meta.url.endsWith(script.slice(script.lastIndexOf('/')));

if (invokedDirectly) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
