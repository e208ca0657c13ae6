import type { Context } from 'hono';
import { toEpochMs } from '@sluice/sdk';
import type { ValidateFunction } from '@sluice/schemas';
import { MAX_DEPTH, toIssues } from '@sluice/schemas';
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
    return parse(utf8(new Uint8Array(await c.req.raw.arrayBuffer())), optional);
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
  return parse(utf8(Buffer.concat(chunks)), optional);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes UTF-8 and refuses what is not: a lenient decoder turns every bad byte into U+FFFD,
 * so two different ids (`A\xff`, `A\xfe`) would become one.
 */
export function utf8(bytes: Uint8Array, where = 'the body'): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new SluiceError('invalid_json', `${where} is not valid UTF-8`);
  }
}

/** In unicode mode a pair is one code point: this matches only surrogates standing alone. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

// The same depth bound as the document loaders (schemas' limits): a draft refused here is one
// they would refuse, with the same words.
export { MAX_DEPTH };

/**
 * Checks what JSON.parse lets through but storing and scoring cannot take: nesting deeper
 * than MAX_DEPTH (JSON.stringify and the engine recurse: a 500 half way through a request,
 * after some of it was stored) and strings with lone surrogates (stored as UTF-8 they become
 * U+FFFD, and two ids collapse into one). Iterative, so a deep document cannot overflow it.
 *
 * @throws SluiceError 400 naming the path
 */
export function checkDocument(doc: unknown, where = ''): void {
  const stack: [unknown, string, number][] = [[doc, where, 0]];
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) throw new SluiceError('validation_failed', `the string at ${path || '/'} is not valid Unicode (a lone surrogate)`, { issues: [{ path: path || '/', message: 'is not valid Unicode' }] });
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_DEPTH) {
      const shown = path.split('/').slice(0, 9).join('/');
      throw new SluiceError('validation_failed', `the document is nested more than ${MAX_DEPTH} levels deep (at ${shown}/…)`, { issues: [{ path: shown, message: `is nested more than ${MAX_DEPTH} levels deep` }] });
    }
    for (const [k, x] of Object.entries(v)) {
      if (LONE_SURROGATE.test(k)) throw new SluiceError('validation_failed', `a property name in ${path || '/'} is not valid Unicode (a lone surrogate)`, { issues: [{ path: path || '/', message: 'has a property name that is not valid Unicode' }] });
      stack.push([x, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1]);
    }
  }
}

function parse(text: string, optional: boolean): unknown {
  if (text.trim() === '') {
    if (optional) return undefined;
    throw new SluiceError('invalid_json', 'a JSON body is required');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SluiceError('invalid_json', `the body is not valid JSON: ${(e as Error).message}`);
  }
  checkDocument(doc);
  return doc;
}

/**
 * The epoch ms of each inline event's `at`, refusing one that is not a date (400 naming
 * `<path>/<i>/at`), as /v1/events does: the engine would otherwise skip the event silently.
 */
export function requireEventTimes(events: readonly { at: unknown }[] | undefined, path: string, what: string): void {
  events?.forEach((e, i) => {
    if (Number.isNaN(toMs(e.at))) throw new SluiceError('validation_failed', `${what} is invalid`, { issues: [{ path: `${path}/${i}/at`, message: 'is not a date' }] });
  });
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
