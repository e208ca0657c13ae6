import { describe, expect, it } from 'vitest';
import { KEY_STORAGE, getKey, setKey } from './client.js';

/** A Storage over a Map, as the browser's behaves for these calls. */
function memory(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

describe('where the secret key is kept', () => {
  it('in the session, never in localStorage', () => {
    const session = memory();
    const local = memory();
    setKey('sk_live_1', session);
    expect(getKey(session, local)).toBe('sk_live_1');
    expect(local.getItem(KEY_STORAGE)).toBeNull();
    setKey(null, session);
    expect(getKey(session, local)).toBeNull();
  });

  it('a key an earlier version left in localStorage moves to the session and is removed', () => {
    const session = memory();
    const local = memory();
    local.setItem(KEY_STORAGE, 'sk_old');
    expect(getKey(session, local)).toBe('sk_old');
    expect(local.getItem(KEY_STORAGE)).toBeNull();
    expect(session.getItem(KEY_STORAGE)).toBe('sk_old');
  });
});
