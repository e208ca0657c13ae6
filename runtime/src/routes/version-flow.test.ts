import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Flow } from '@sluice/schemas';
import { harness, PUBLISHABLE } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';
import { demoFlow } from '../test-support/fixtures.js';

let h: Harness;
afterEach(async () => h?.close());

/** demo-flow with each node placed and the score node described, as an editor would save it. */
function drawn(x: number): Flow {
  const f = demoFlow('demo-flow') as unknown as Flow;
  return { ...f, nodes: f.nodes.map((n, i) => ({ ...n, position: { x: x + i * 300, y: 40 }, ...(n.id === 'score' ? { description: `placed at ${x}` } : {}) })) };
}

describe('GET /v1/rulesets/:id/versions/:n/flow', () => {
  it('serves the drawing each version was published from, not the draft', async () => {
    h = await harness();
    await h.json('PUT', '/v1/rulesets/demo-flow/draft', drawn(100));
    expect((await h.json('POST', '/v1/rulesets/demo-flow/publish', { author: 'Ann <ann@example.com>' })).status).toBe(201);
    // The draft moves on after publishing: v2's drawing stays where it was published.
    await h.json('PUT', '/v1/rulesets/demo-flow/draft', drawn(900));
    const v2 = await h.json<Flow>('GET', '/v1/rulesets/demo-flow/versions/2/flow');
    expect(v2.status).toBe(200);
    expect(v2.body.version).toBe(2);
    expect(v2.body.nodes.map((n) => n.position)).toEqual(drawn(100).nodes.map((n) => n.position));
    expect(v2.body.nodes.find((n) => n.id === 'score')?.description).toBe('placed at 100');
    // The example's built-in version is drawn by the example itself.
    const v1 = await h.json<Flow>('GET', '/v1/rulesets/demo-flow/versions/1/flow');
    expect(v1.status).toBe(200);
    expect(v1.body.version).toBe(1);
    expect(v1.body.nodes.map((n) => n.id)).toEqual(drawn(0).nodes.map((n) => n.id));
    expect(v1.body.nodes.some((n) => n.position)).toBe(false); // the example places none; the draft's are not borrowed
  });

  it('404 for a version without a stored drawing, and for a version that does not exist', async () => {
    h = await harness();
    await h.json('PUT', '/v1/rulesets/demo-flow/draft', drawn(100));
    await h.json('POST', '/v1/rulesets/demo-flow/publish', { author: 'Ann <ann@example.com>' });
    rmSync(join(h.dirs.rules, 'versions/demo-flow/v2.flow.json')); // as a version published before drawings were kept
    const none = await h.json<{ error: { code: string; message: string } }>('GET', '/v1/rulesets/demo-flow/versions/2/flow');
    expect(none.status).toBe(404);
    expect(none.body.error.message).toBe('demo-flow v2 has no stored drawing: it was published before drawings were kept');
    const missing = await h.json<{ error: { message: string } }>('GET', '/v1/rulesets/demo-flow/versions/9/flow');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/no version 9/);
    expect((await h.json('GET', '/v1/rulesets/demo-flow/versions/0/flow')).status).toBe(400);
  });

  it('a stored drawing that is invalid, or not of this version, is a problem named by its file, not a crash', async () => {
    h = await harness();
    await h.json('PUT', '/v1/rulesets/demo-flow/draft', drawn(100));
    await h.json('POST', '/v1/rulesets/demo-flow/publish', { author: 'Ann <ann@example.com>' });
    const file = join(h.dirs.rules, 'versions/demo-flow/v2.flow.json');
    writeFileSync(file, JSON.stringify({ ...drawn(100), version: 2, nodes: 'none' }));
    const bad = await h.json<{ error: { code: string; message: string; details: { issues: { path: string }[] } } }>('GET', '/v1/rulesets/demo-flow/versions/2/flow');
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toBe('versions/demo-flow/v2.flow.json is not a valid drawing of demo-flow v2');
    expect(bad.body.error.details.issues[0]?.path).toBe('/nodes');
    writeFileSync(file, '{"a":' + '['.repeat(200) + ']'.repeat(200) + '}');
    expect((await h.json('GET', '/v1/rulesets/demo-flow/versions/2/flow')).status).toBe(422);
    // Valid, but drawing other rules (a version file replaced by hand): it does not draw v2.
    const other = drawn(100);
    writeFileSync(file, JSON.stringify({ ...other, version: 2, nodes: other.nodes.map((n) => (n.id === 'nurture' ? { ...n, config: { stage: 'MQL' } } : n)) }));
    const stale = await h.json<{ error: { message: string } }>('GET', '/v1/rulesets/demo-flow/versions/2/flow');
    expect(stale.status).toBe(404);
    expect(stale.body.error.message).toMatch(/does not match its rules/);
  });

  it('takes the secret key only: publishable 403, none 401', async () => {
    h = await harness();
    expect((await h.json('GET', '/v1/rulesets/demo-flow/versions/1/flow', undefined, { authorization: `Bearer ${PUBLISHABLE}` })).status).toBe(403);
    expect((await h.json('GET', '/v1/rulesets/demo-flow/versions/1/flow', undefined, { authorization: '' })).status).toBe(401);
    expect((await h.json('GET', '/v1/rulesets/demo-flow/versions/1/flow')).status).toBe(200);
  });
});
