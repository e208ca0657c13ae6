import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';

/** Runs git with an argument array (never a shell) in `cwd`. */
function git(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: { ...process.env, ...env }, timeout: 30_000, maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`git ${args[0]} failed: ${String(stderr || err.message).trim()}`));
      else resolve(String(stdout).trim());
    });
  });
}

/**
 * Whether publishing in `dir` should commit. `auto`: only when `dir` is the top of its own
 * work tree (a rule-set repository) — a `rulesets/` folder inside some other checkout
 * (e.g. Sluice's own) is not committed to by surprise. `on`: whenever inside a work tree.
 */
export async function shouldCommit(dir: string, mode: 'auto' | 'on' | 'off'): Promise<boolean> {
  if (mode === 'off') return false;
  try {
    if ((await git(dir, ['rev-parse', '--is-inside-work-tree'])) !== 'true') return false;
    if (mode === 'on') return true;
    const top = await git(dir, ['rev-parse', '--show-toplevel']);
    return (await realpath(top)) === (await realpath(dir));
  } catch {
    return false;
  }
}

/** Splits `Ann Lee <ann@example.com>` into name and e-mail; a bare name gets a placeholder address. */
export function parseAuthor(author: string): { name: string; email: string } {
  const m = /^\s*([^<>]+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(author);
  if (m) return { name: m[1] ?? author, email: m[2] ?? 'unknown@sluice.invalid' };
  const name = author.replace(/[<>\n\r]/g, '').trim() || 'unknown';
  return { name, email: 'unknown@sluice.invalid' };
}

/**
 * Commits exactly `files` (paths relative to `dir`) with the request's author; the runtime
 * is the committer. Returns the new commit id.
 *
 * @example
 * await commitFiles(rulesDir, ['a.flow.json', 'a.ruleset.json'], 'Publish a v2', 'Ann <ann@example.com>');
 */
export async function commitFiles(dir: string, files: string[], message: string, author: string): Promise<string> {
  const a = parseAuthor(author);
  const env = {
    GIT_AUTHOR_NAME: a.name,
    GIT_AUTHOR_EMAIL: a.email,
    GIT_COMMITTER_NAME: 'Sluice runtime',
    GIT_COMMITTER_EMAIL: 'runtime@sluice.invalid',
  };
  await git(dir, ['add', '--', ...files], env);
  await git(dir, ['commit', '-q', '-m', message, '--', ...files], env);
  return git(dir, ['rev-parse', 'HEAD']);
}

/** Which of `files` (relative to `dir`) differ from HEAD or are not tracked yet. */
export async function uncommitted(dir: string, files: string[]): Promise<string[]> {
  const out = await git(dir, ['status', '--porcelain', '--untracked-files=all', '--', ...files]);
  return out.split('\n').filter(Boolean);
}
