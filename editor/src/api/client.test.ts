import { describe, expect, it } from 'vitest';
import { KEY_STORAGE, getKey, setKey } from './client.js';
import { memoryStorage as memory } from '../memory-storage.test-util.js';

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
