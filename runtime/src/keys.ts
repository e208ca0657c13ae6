import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyKind, KeyRecord } from './store/store.js';
import { writeFileAtomic } from './registry/atomic-write.js';
import { ownerOnly } from './private-files.js';

/** sha256 hex of a key: the only form keys are kept in. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random key: `sk_...` (secret) or `pk_...` (publishable), 32 random bytes. */
export function generateKey(kind: KeyKind): string {
  return `${kind === 'secret' ? 'sk' : 'pk'}_${randomBytes(32).toString('base64url')}`;
}

const secret = (): string => randomBytes(32).toString('hex');

/**
 * Reads a JSON file of generated secrets, adds the `fields` it lacks (generated), and writes
 * it back (mode 0600) only when something was added: the values stay the same on restarts.
 */
async function secretsFile<K extends string>(file: string, fields: Record<K, () => string>): Promise<Record<K, string>> {
  let doc: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) doc = parsed as Record<string, unknown>;
  } catch {
    doc = {};
  }
  let added = false;
  for (const [k, make] of Object.entries(fields) as [K, () => string][]) {
    if (typeof doc[k] !== 'string' || doc[k] === '') {
      doc[k] = make();
      added = true;
    }
  }
  if (added) await writeFileAtomic(file, `${JSON.stringify(doc, null, 2)}\n`, 0o600);
  else await ownerOnly(file); // written by an older version with a wider mode
  return doc as Record<K, string>;
}

export interface DevKeys {
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  identitySecret: string;
}

/**
 * The development keys, for a runtime started without configured keys: generated on the
 * first start, written (plaintext, mode 0600) to `<data>/dev-keys.json` for the developer,
 * and reused on every restart. A file from an older version gains the secrets it lacks.
 *
 * @example
 * const keys = await ensureDevKeys(dataDir);
 * console.log(`secret key: ${keys.secretKey}`);
 */
export function ensureDevKeys(dataDir: string): Promise<DevKeys> {
  return secretsFile(join(dataDir, 'dev-keys.json'), {
    secretKey: () => generateKey('secret'),
    publishableKey: () => generateKey('publishable'),
    webhookSecret: secret,
    identitySecret: secret,
  });
}

/**
 * The signing secrets of a runtime with configured keys whose environment leaves some out
 * (SLUICE_WEBHOOK_SECRET, SLUICE_IDENTITY_SECRET): generated once into `<data>/secrets.json`
 * (mode 0600). Runtimes sharing leads must be given the same secrets in the environment.
 *
 * @example
 * const { identitySecret } = await ensureSecrets(dataDir);
 */
export function ensureSecrets(dataDir: string): Promise<{ webhookSecret: string; identitySecret: string }> {
  return secretsFile(join(dataDir, 'secrets.json'), { webhookSecret: secret, identitySecret: secret });
}

/**
 * The keys this runtime accepts, looked up by hash: the configured keys (environment), or,
 * when none are configured, the development keys. Nothing else: in particular a development
 * key is never accepted next to configured keys (a key printed on a laptop must not open a
 * production runtime that inherited the data folder).
 */
export class KeyRing {
  private readonly byHash = new Map<string, KeyRecord>();
  // Accepted keys by their plaintext (already in memory while a request runs), so that a
  // request does not hash its key; at most one entry per configured key.
  private readonly known = new Map<string, KeyRecord>();

  /** Adds a key (e.g. SLUICE_SECRET_KEY); `origins` null = any origin (publishable keys). */
  add(key: string, kind: KeyKind, name: string, origins: string[] | null = null): void {
    const hash = hashKey(key);
    this.byHash.set(hash, { hash, kind, name, origins, createdAt: 0 });
  }

  /** The key's record, or null for a key this runtime does not accept. */
  find(key: string): KeyRecord | null {
    const k = this.known.get(key);
    if (k) return k;
    const r = this.byHash.get(hashKey(key)) ?? null;
    if (r) this.known.set(key, r);
    return r;
  }
}
