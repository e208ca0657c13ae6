/** A v4 UUID; crypto.randomUUID needs a secure context (https), getRandomValues does not. */
export function uuid(): string {
  // Fallback: each 0/1/8 of the template XORed with random bits: 0 and 1 → a random hex digit
  // (15 >> 0), 8 → 8, 9, a or b (the variant bits: 15 >> 2 = 3); the 4 is the version.
  return (
    (globalThis.crypto as Partial<Crypto> | undefined)?.randomUUID?.() ??
    '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (d) => (+d ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+d / 4)))).toString(16))
  );
}
