// The node:crypto calls identity-token.ts makes, declared here: the SDK builds without Node's
// types (`types: []`), so that no Node global can slip into code that ships to browsers.
declare module 'node:crypto' {
  interface Hmac {
    update(data: string, encoding: 'utf8'): Hmac;
    digest(encoding: 'hex'): string;
  }
  export function createHmac(algorithm: 'sha256', key: string): Hmac;
  export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
}
