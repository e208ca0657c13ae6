/** A v4 UUID; crypto.randomUUID needs a secure context (https), getRandomValues does not. */
export function uuid(): string {
  const c = globalThis.crypto as Partial<Crypto> | undefined;
  if (c?.randomUUID) return c.randomUUID();
  const rnd = (): number => crypto.getRandomValues(new Uint8Array(1))[0]!;
  // x → random hex digit; y → 8, 9, a or b (the variant bits); the 4 is the version.
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (ch) => ((rnd() & 15 & (ch === 'x' ? 15 : 3)) | (ch === 'x' ? 0 : 8)).toString(16));
}
