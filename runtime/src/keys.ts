import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyKind, KeyRecord, Store } from './store/store.js';
import { writeFileAtomic } from './registry/atomic-write.js';

/** sha256 hex of a key: the only form keys are stored in. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random key: `sk_...` (secret) or `pk_...` (publishable), 32 random bytes. */
export function generateKey(kind: KeyKind): string {
  return `${kind === 'secret' ? 'sk' : 'pk'}_${randomBytes(32).toString('base64url')}`;
}

/** Constant-time comparison of two hex hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface DevKeys {
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
}

/**
 * The development keys: generated on the first start, written (plaintext, mode 0600) to
 * `<data>/dev-keys.json` for the developer, stored hashed in the store, and reused on
 * every restart.
 *
 * @example
 * const keys = await ensureDevKeys(dataDir, store, Date.now());
 * console.log(`secret key: ${keys.secretKey}`);
 */
export async function ensureDevKeys(dataDir: string, store: Store, now: number): Promise<DevKeys> {
  const file = join(dataDir, 'dev-keys.json');
  let keys: DevKeys | null = null;
  try {
    const doc = JSON.parse(await readFile(file, 'utf8')) as Partial<DevKeys>;
    if (typeof doc.secretKey === 'string' && typeof doc.publishableKey === 'string' && typeof doc.webhookSecret === 'string') keys = doc as DevKeys;
  } catch {
    keys = null;
  }
  if (!keys) {
    keys = { secretKey: generateKey('secret'), publishableKey: generateKey('publishable'), webhookSecret: randomBytes(32).toString('hex') };
    await mkdir(dataDir, { recursive: true });
    await writeFileAtomic(file, `${JSON.stringify(keys, null, 2)}\n`, 0o600);
  }
  await store.putKey({ hash: hashKey(keys.secretKey), kind: 'secret', name: 'development secret key', origins: null, createdAt: now });
  // The development publishable key allows any origin.
  await store.putKey({ hash: hashKey(keys.publishableKey), kind: 'publishable', name: 'development publishable key', origins: null, createdAt: now });
  return keys;
}

/**
 * Looks keys up by hash: configured keys (env) first, then the store, with a small cache
 * so scoring does not hit the database per request.
 */
export class KeyRing {
  private readonly fixed = new Map<string, KeyRecord>();
  private readonly cache = new Map<string, KeyRecord | null>();
  private readonly byKey = new Map<string, KeyRecord>();

  constructor(private readonly store: Store) {}

  /** Adds a key given in configuration (e.g. SLUICE_SECRET_KEY). */
  add(key: string, kind: KeyKind, name: string, origins: string[] | null = null): void {
    const hash = hashKey(key);
    this.fixed.set(hash, { hash, kind, name, origins, createdAt: 0 });
  }

  async find(key: string): Promise<KeyRecord | null> {
    // Known keys are remembered by their plaintext (already in this process's memory while
    // the request runs) so scoring does not hash per request.
    const known = this.byKey.get(key);
    if (known) return known;
    const r = await this.lookup(key);
    if (r) {
      if (this.byKey.size > 10_000) this.byKey.clear();
      this.byKey.set(key, r);
    }
    return r;
  }

  private async lookup(key: string): Promise<KeyRecord | null> {
    const hash = hashKey(key);
    const f = this.fixed.get(hash);
    if (f) return f;
    if (this.cache.has(hash)) return this.cache.get(hash) ?? null;
    const r = await this.store.findKey(hash);
    // Only found keys are cached: a key added later must start working without a restart.
    if (r) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, r);
    }
    return r;
  }
}
