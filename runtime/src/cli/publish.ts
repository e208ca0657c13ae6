import { compile } from '@sluice/sdk';
import type { Args } from './args.js';
import { CliError, EXIT, UsageError } from './errors.js';
import { formatIssues, kindOf, readJsonFile } from './load.js';
import type { Io } from './registry.js';

/**
 * `sluice publish --url <runtime> <flow.json>`: publishes a flow from a rule-set repository's
 * CI through a running runtime (POST /v1/rulesets/:id/publish with the flow), which stores
 * the version for every runtime on its database. The flow is compiled here first, so a
 * broken one fails with file-level errors before any request. The key comes from
 * SLUICE_SECRET_KEY (never a flag: command lines end up in logs and `ps`).
 */
export async function publishCmd(a: Args, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [file] = a.positionals;
  if (!file || a.positionals.length > 1) throw new UsageError('give one flow file');
  if (kindOf(file) !== 'flow') throw new UsageError(`${file}: publish takes a *.flow.json (the runtime compiles and numbers the version)`);
  const base = a.flags.url;
  if (!base || !/^https?:\/\//.test(base)) throw new UsageError('--url must be the runtime\'s http(s):// address');
  const key = env.SLUICE_SECRET_KEY;
  if (!key) throw new UsageError('set SLUICE_SECRET_KEY to a secret key of the runtime');
  const r = await readJsonFile(file);
  if (!r.ok) {
    io.err(formatIssues(file, r.errors));
    return EXIT.failed;
  }
  const c = compile(r.doc);
  if (!c.ok) {
    io.err(formatIssues(file, c.errors));
    return EXIT.failed;
  }
  const id = c.ruleSet.id;
  const author = a.flags.author ?? env.GITHUB_ACTOR ?? env.GITLAB_USER_LOGIN ?? env.USER ?? 'sluice publish';
  const body = { author, flow: r.doc, ...(a.flags.message ? { message: a.flags.message } : {}) };
  let res: Response;
  try {
    res = await fetch(`${base.replace(/\/+$/, '')}/v1/rulesets/${encodeURIComponent(id)}/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new CliError(`cannot reach ${base}: ${(e as Error).message}`);
  }
  const out = (await res.json().catch(() => null)) as { version?: number; hash?: string; commit?: string | null; error?: { message: string; details?: { issues?: [] } } } | null;
  if (res.status !== 201 || !out || out.version === undefined) {
    const issues = out?.error?.details?.issues;
    io.err(`${file}: HTTP ${res.status}: ${out?.error?.message ?? 'unexpected answer'}`);
    if (issues?.length) io.err(formatIssues(file, issues));
    // Refused (invalid, conflict, forbidden) is a failed check; a server or key problem is not the file's.
    return res.status >= 500 || res.status === 401 ? EXIT.usage : EXIT.failed;
  }
  io.out(`published ${id} v${out.version} (${String(out.hash).slice(0, 19)}) at ${base}${out.commit ? ` commit ${out.commit.slice(0, 12)}` : ''}`);
  return EXIT.ok;
}
