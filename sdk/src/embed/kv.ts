/** Key-value state of the embed: in memory until storing is allowed, then localStorage. */
export interface Kv {
  get<T>(k: string, fallback: T): T;
  set(k: string, v: unknown): void;
  /** Read-modify-write; re-reads storage so another tab's writes are not lost. */
  up<T>(k: string, fallback: T, f: (v: T) => T): T;
  /** Switches to storage (copying what is in memory) or back to memory (deleting storage). */
  persist(on: boolean): void;
}

const P = 'sluice:';

/**
 * @example
 * const kv = createKv(localStorage);
 * kv.persist(true);
 * kv.up('q', [], (q) => [...q, event]);
 */
export function createKv(ls: Storage | null): Kv {
  let mem: Record<string, unknown> = {};
  let disk = false;
  const get = <T>(k: string, d: T): T => {
    if (!disk) return k in mem ? (mem[k] as T) : d;
    try {
      const s = ls!.getItem(P + k);
      return s ? (JSON.parse(s) as T) : d;
    } catch {
      return d;
    }
  };
  const set = (k: string, v: unknown): void => {
    if (!disk) {
      mem[k] = v;
      return;
    }
    try {
      ls!.setItem(P + k, JSON.stringify(v));
    } catch {
      // Quota or private mode: keep going in memory rather than lose the value.
      mem[k] = v;
    }
  };
  return {
    get,
    set,
    up: (k, d, f) => {
      const v = f(get(k, d));
      set(k, v);
      return v;
    },
    persist(want) {
      if (want && ls && !disk) {
        disk = true;
        for (const k in mem) set(k, mem[k]);
        mem = {};
      } else if (!want) {
        // Storage keys are its own enumerable properties (Object.keys(localStorage) lists them).
        if (disk) for (const k of Object.keys(ls!)) if (k.startsWith(P)) ls!.removeItem(k);
        disk = false;
        mem = {};
      }
    },
  };
}
