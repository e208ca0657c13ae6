import type { Hono } from 'hono';
import type { EvaluationInput, RuleSet } from '@sluice/schemas';
import { toIssues } from '@sluice/schemas';
import { validateBatchScoreLineRequest } from '@sluice/schemas/validators';
import type { HonoEnv, Services } from '../context.js';
import { requireSecret } from '../middleware/auth.js';
import { ruleSetId, versionNumber } from '../ids.js';
import { SluiceError } from '../errors.js';
import { nowOf } from './score.js';
import { checkDocument, requireEventTimes, utf8 } from '../body.js';

interface Line {
  id?: string | number;
  ruleSet?: string;
  version?: number;
  lead: Record<string, unknown>;
  events?: EvaluationInput['events'];
  account?: EvaluationInput['account'];
  now?: string | number;
}

const NL = 0x0a;

/** Only spaces, tabs, CR and LF. */
function isBlank(b: Uint8Array): boolean {
  return b.every((x) => x === 0x20 || x === 0x09 || x === 0x0d || x === NL);
}

/**
 * POST /v1/score/batch: NDJSON in, NDJSON out, streamed. The response is a pull stream:
 * a chunk of the request is read only when the client has taken the previous results,
 * so a million-lead file scores in constant memory. A bad line yields
 * `{ line, error }` and the stream goes on.
 */
export function batchRoutes(app: Hono<HonoEnv>, s: Services): void {
  app.post('/v1/score/batch', async (c) => {
    requireSecret(c);
    const qid = c.req.query('ruleSet');
    const qv = c.req.query('version');
    const defaultRs = qid === undefined ? null : await s.registry.ruleSet(ruleSetId(qid), qv === undefined ? undefined : versionNumber(qv));
    const body = c.req.raw.body;
    if (!body) throw new SluiceError('bad_request', 'send NDJSON: one JSON object per line');
    const reader = body.getReader();
    const limit = s.batchLineLimit;
    const enc = new TextEncoder();
    const cache = new Map<string, RuleSet>();
    let pending: Uint8Array[] = [];
    let pendingLen = 0;
    let skipping = false; // inside a line that is already too long
    let lineNo = 0;
    let done = false;
    const serverNow = new Date(s.clock()).toISOString();

    const ruleSetFor = async (l: Line): Promise<RuleSet> => {
      if (l.ruleSet === undefined) {
        if (!defaultRs) throw new SluiceError('bad_request', 'no rule set: give ?ruleSet= or ruleSet on the line');
        if (l.version !== undefined && l.version !== defaultRs.version) return s.registry.ruleSet(defaultRs.id, l.version);
        return defaultRs;
      }
      const key = `${l.ruleSet}@${l.version ?? ''}`;
      let rs = cache.get(key);
      if (!rs) {
        rs = await s.registry.ruleSet(l.ruleSet, l.version);
        if (cache.size < 100) cache.set(key, rs);
      }
      return rs;
    };

    const scoreLine = async (bytes: Uint8Array, n: number): Promise<string> => {
      try {
        const text = utf8(bytes, `line ${n}`);
        let doc: unknown;
        try {
          doc = JSON.parse(text);
        } catch (e) {
          throw new SluiceError('invalid_json', `line ${n} is not valid JSON: ${(e as Error).message}`);
        }
        checkDocument(doc);
        if (!validateBatchScoreLineRequest(doc)) {
          const issues = toIssues(validateBatchScoreLineRequest.errors, doc);
          throw new SluiceError('validation_failed', `line ${n} is invalid`, { issues });
        }
        const l = doc as Line;
        requireEventTimes(l.events, '/events', `line ${n}`);
        const rs = await ruleSetFor(l);
        const input: EvaluationInput = { lead: l.lead };
        if (l.events) input.events = l.events;
        if (l.account) input.account = l.account;
        const result = s.scoring.evaluate(rs, input, l.now === undefined ? serverNow : nowOf(l.now, s.clock));
        return JSON.stringify(l.id === undefined ? { line: n, result } : { line: n, id: l.id, result });
      } catch (e) {
        const err = e instanceof SluiceError ? e.toBody().error : { code: 'internal', message: 'could not score this line' };
        if (!(e instanceof SluiceError)) s.log('error', 'batch line failed', { line: n, error: String(e) });
        return JSON.stringify({ line: n, error: err });
      }
    };

    /** Scores the complete lines of one chunk; returns the NDJSON output for them. */
    const process = async (chunk: Uint8Array | null): Promise<string> => {
      const out: string[] = [];
      const emit = async (bytes: Uint8Array[], len: number) => {
        // Physical line numbers, blank lines counted: an editor's "go to line" finds the line.
        lineNo++;
        if (skipping) {
          skipping = false;
          out.push(JSON.stringify({ line: lineNo, error: new SluiceError('payload_too_large', `line ${lineNo} is longer than ${limit} bytes`).toBody().error }));
          return;
        }
        const line = bytes.length === 1 ? (bytes[0] as Uint8Array) : Buffer.concat(bytes, len);
        if (isBlank(line)) return; // not answered
        out.push(await scoreLine(line, lineNo));
      };
      if (chunk === null) {
        if (pendingLen > 0 || skipping) await emit(pending, pendingLen);
        pending = [];
        pendingLen = 0;
      } else {
        let start = 0;
        for (let i = chunk.indexOf(NL); i !== -1; i = chunk.indexOf(NL, start)) {
          const part = chunk.subarray(start, i);
          if (!skipping && pendingLen + part.byteLength > limit) skipping = true;
          if (!skipping) {
            pending.push(part);
            pendingLen += part.byteLength;
          }
          await emit(pending, pendingLen);
          pending = [];
          pendingLen = 0;
          start = i + 1;
        }
        const rest = chunk.subarray(start);
        if (!skipping && pendingLen + rest.byteLength > limit) {
          skipping = true;
          pending = [];
          pendingLen = 0;
        }
        // Copy: the reader may reuse the chunk's buffer.
        if (!skipping && rest.byteLength > 0) {
          pending.push(rest.slice());
          pendingLen += rest.byteLength;
        }
      }
      return out.length ? `${out.join('\n')}\n` : '';
    };

    // Read up to the first byte that is not white space before answering: an empty batch is a
    // client's mistake (a 400), not an empty 200. What was read is scored first.
    const first: ReadableStreamReadResult<Uint8Array>[] = [];
    for (;;) {
      const r = await reader.read();
      first.push(r);
      if (r.done) throw new SluiceError('bad_request', 'the batch is empty: send NDJSON, one JSON object per line');
      if (!isBlank(r.value)) break;
    }

    const stream = new ReadableStream<Uint8Array>({
      async pull(ctl) {
        // Read until there is something to send (or the input ends); pull is called again
        // only when the consumer wants more, which is the backpressure.
        while (!done) {
          const r = first.length ? first.shift()! : await reader.read();
          const text = await process(r.done ? null : r.value);
          if (r.done) done = true;
          if (text) {
            ctl.enqueue(enc.encode(text));
            break;
          }
        }
        if (done) ctl.close();
      },
      async cancel() {
        await reader.cancel().catch(() => {});
      },
      // Up to 1 MiB of results may wait for the client: enough that reading, scoring and
      // sending overlap instead of taking turns, still constant memory for any input size.
    }, new ByteLengthQueuingStrategy({ highWaterMark: 1 << 20 }));

    return c.body(stream, 200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
  });
}
