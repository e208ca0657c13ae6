import { afterEach, describe, expect, it } from 'vitest';
import { harness, SECRET } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

async function batch(query: string, body: string | ReadableStream<Uint8Array>): Promise<{ status: number; lines: Record<string, unknown>[]; res: Response }> {
  const res = await h.app.request(`/v1/score/batch${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/x-ndjson' },
    body,
    duplex: 'half',
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, res, lines: text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('POST /v1/score/batch', () => {
  it('answers each line in order; a bad line yields an error line and the stream goes on', async () => {
    h = await harness();
    const input = [
      JSON.stringify({ id: 'a', lead: { employees: 500 }, events: [{ type: 'demo_request', at: '2025-06-01T00:00:00Z' }] }),
      '{ not json',
      JSON.stringify({ lead: 'nope' }),
      '',
      JSON.stringify({ id: 'b', lead: { employees: 5 } }),
      JSON.stringify({ id: 'c', ruleSet: 'missing', lead: {} }),
    ].join('\n');
    const r = await batch('?ruleSet=demo-flow', input);
    expect(r.status).toBe(200);
    expect(r.res.headers.get('content-type')).toContain('application/x-ndjson');
    expect(r.lines.map((l) => [l.line, l.id ?? null, (l.result as { outcome?: { stage: string } } | undefined)?.outcome?.stage ?? (l.error as { code: string }).code])).toEqual([
      [1, 'a', 'SQL'],
      [2, null, 'invalid_json'],
      [3, null, 'validation_failed'],
      [5, 'b', 'Nurture'], // line 4 is blank: not answered, still counted
      [6, null, 'not_found'],
    ]);
    expect((r.lines[2]?.error as { details: { issues: { path: string }[] } }).details.issues[0]?.path).toBe('/lead');
  });

  it('reads lines split across chunks and a last line without a newline', async () => {
    h = await harness();
    const text = `${JSON.stringify({ lead: { employees: 500 } })}\n${JSON.stringify({ lead: { employees: 1 } })}`;
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 7) c.enqueue(bytes.slice(i, i + 7));
        c.close();
      },
    });
    const r = await batch('?ruleSet=demo-flow', stream);
    expect(r.lines.map((l) => (l.result as { scores: { fit: number } }).scores.fit)).toEqual([40, 0]);
  });

  it('a line past the per-line limit is an error line; the next line is still scored', async () => {
    h = await harness({ batchLineLimit: 200 });
    const input = `${JSON.stringify({ lead: { pad: 'x'.repeat(500) } })}\n${JSON.stringify({ lead: { employees: 500 } })}\n`;
    const r = await batch('?ruleSet=demo-flow', input);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]).toMatchObject({ line: 1, error: { code: 'payload_too_large' } });
    expect(r.lines[1]).toMatchObject({ line: 2, result: { scores: { fit: 40 } } });
  });

  it('needs a rule set (query or line) and a known one', async () => {
    h = await harness();
    const r = await batch('', JSON.stringify({ lead: {} }));
    expect(r.lines[0]).toMatchObject({ line: 1, error: { code: 'bad_request' } });
    expect((await batch('?ruleSet=nope', '{}')).status).toBe(404);
    expect((await batch('?ruleSet=..%2f..', '{}')).status).toBe(400);
  });

  it('scores many lines without holding them (10,000 leads)', async () => {
    h = await harness();
    const line = `${JSON.stringify({ lead: { employees: 500 } })}\n`;
    let sent = 0;
    const n = 10_000;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= n) return c.close();
        c.enqueue(new TextEncoder().encode(line.repeat(500)));
        sent += 500;
      },
    });
    const r = await batch('?ruleSet=demo-flow', stream);
    expect(r.lines).toHaveLength(n);
    expect(r.lines[n - 1]).toMatchObject({ line: n, result: { outcome: { stage: 'MQL' } } });
  });
});
