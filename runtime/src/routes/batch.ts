import type { Hono } from 'hono';
import type { EvaluationInput, RuleSet } from '@sluice/schemas';
import { toIssues } from '@sluice/schemas';
import { validateBatchScoreLineRequest } from '@sluice/schemas/validators';
import type { HonoEnv, Services } from '../context.js';
import { requireSecret } from '../middleware/auth.js';
import { ruleSetId, versionNumber } from '../ids.js';
import { SluiceError } from '../errors.js';
import { nowOf } from './score.js';

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
    const dec = new TextDecoder();
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

    const scoreLine = async (text: string, n: number): Promise<string> => {
      try {
        let doc: unknown;
        try {
          doc = JSON.parse(text);
        } catch (e) {
          throw new SluiceError('invalid_json', `line ${n} is not valid JSON: ${(e as Error).message}`);
        }
        if (!validateBatchScoreLineRequest(doc)) {
          const issues = toIssues(validateBatchScoreLineRequest.errors, doc);
          throw new SluiceError('validation_failed', `line ${n} is invalid`, { issues });
        }
        const l = doc as Line;
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
        lineNo++;
        if (skipping) {
          skipping = false;
          out.push(JSON.stringify({ line: lineNo, error: new SluiceError('payload_too_large', `line ${lineNo} is longer than ${limit} bytes`).toBody().error }));
          return;
        }
        const text = dec.decode(bytes.length === 1 ? bytes[0] : Buffer.concat(bytes, len)).trim();
        if (text === '') {
          lineNo--; // blank lines are not counted or answered
          return;
        }
        out.push(await scoreLine(text, lineNo));
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

    const stream = new ReadableStream<Uint8Array>({
      async pull(ctl) {
        // Read until there is something to send (or the input ends); pull is called again
        // only when the consumer wants more, which is the backpressure.
        while (!done) {
          const r = await reader.read();
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
