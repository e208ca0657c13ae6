import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Flow } from '@sluice/schemas';
import { flowEvents } from './flow-events.js';

const example = (name: string) => JSON.parse(readFileSync(new URL(`../../../examples/${name}.flow.json`, import.meta.url), 'utf8')) as Flow;

describe('flowEvents', () => {
  it('finds the types score rules count and the props their conditions read', () => {
    const e = flowEvents(example('fit-engagement-decay'));
    expect(e.types).toEqual(expect.arrayContaining(['page_view', 'pricing_view', 'content_download', 'webinar_attended', 'email_click', 'demo_request']));
    expect(e.props).toEqual(['url']);
    expect(e.source).toBe(false);
  });
  it('finds types named by event conditions inside counts', () => {
    expect(flowEvents(example('waterfall-6-layer')).types).toEqual(['page_view', 'content_download', 'webinar_attended', 'email_click', 'pricing_view', 'demo_request']);
  });
  it('sees a condition on the source of events, and none in a flow without events', () => {
    const flow = { nodes: [{ id: 'g', kind: 'gate', config: { reason: 'x', condition: { fact: 'events', operator: 'count', value: { min: 1, where: { all: [{ fact: 'source', operator: 'equal', value: 'server' }, { fact: 'type', operator: 'equal', value: 'demo_request' }] } } } } }] } as unknown as Flow;
    expect(flowEvents(flow)).toEqual({ types: ['demo_request'], props: [], source: true });
    expect(flowEvents(example('bant-handoff'))).toEqual({ types: [], props: [], source: false });
  });
});
