import type { Context } from 'hono';
import { toEpochMs } from '@sluice/sdk';
import type { ValidateFunction } from '@sluice/schemas';
import { toIssues } from '@sluice/schemas';
import { SluiceError, validationError } from './errors.js';

/**
 * Reads a JSON body of at most `limit` bytes: 413 past the limit (checked against
 * Content-Length first, then counted while streaming, since the header may lie or be
 * absent), 400 on bad JSON.
 *
 * @example
 * const body = await readJson(c, 1 << 20);
 */
export async function readJson(c: Context, limit: number, optional = false): Promise<unknown> {
  const len = c.req.header('content-length');
  if (len !== undefined && Number(len) > limit) throw tooLarge(limit);
  if (len !== undefined && /^\d+$/.test(len)) {
    // The HTTP parser delivers exactly Content-Length bytes, so the limit holds; reading the
    // whole body at once takes @hono/node-server's fast path (no web stream per request).
    if (len === '0') {
      if (optional) return undefined;
      throw new SluiceError('invalid_json', 'a JSON body is required');
    }
    return parse(Buffer.from(await c.req.raw.arrayBuffer()).toString('utf8'), optional);
  }
  const body = c.req.raw.body;
  if (!body) {
    if (optional) return undefined;
    throw new SluiceError('invalid_json', 'a JSON body is required');
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return parse(Buffer.concat(chunks).toString('utf8'), optional);
}

function parse(text: string, optional: boolean): unknown {
  if (text.trim() === '') {
    if (optional) return undefined;
    throw new SluiceError('invalid_json', 'a JSON body is required');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SluiceError('invalid_json', `the body is not valid JSON: ${(e as Error).message}`);
  }
}

export function tooLarge(limit: number): SluiceError {
  return new SluiceError('payload_too_large', `the body is larger than ${limit} bytes`, { limit });
}

/**
 * Validates `doc` against a generated schema validator; 400 with one issue per problem
 * (`{ path, message }`, JSON pointers) when it does not match.
 */
export function check<T>(validate: ValidateFunction, doc: unknown, what: string): T {
  if (!validate(doc)) throw validationError(what, toIssues(validate.errors, doc));
  return doc as T;
}

/** Parses an ISO-8601 string or epoch ms into epoch ms; NaN when invalid. */
export function toMs(t: unknown): number {
  // The engine's reading of a date, so the runtime and scoring never disagree about one
  // (Date.parse would read a zone-less date-time in the server's zone).
  return toEpochMs(t) ?? NaN;
}
