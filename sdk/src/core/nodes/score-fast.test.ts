import { describe, expect, it } from 'vitest';
import { datedEvents } from '../events.js';
import type { RunState } from '../state.js';
import { datedEventsFast } from './score-fast.js';

const NOW = Date.parse('2025-06-11T14:00:00.000Z');

function state(events: unknown[]): RunState {
  const facts = { lead: {}, account: undefined, events, scores: {}, vars: {} } as RunState['facts'];
  return { facts, ctx: { nowMs: NOW, facts }, checklists: {}, rejected: null, outcome: null, step: {}, tracing: false } as RunState;
}

function both(events: unknown[]) {
  return { fast: datedEventsFast(state(events)), general: datedEvents(state(events)) };
}

describe('datedEventsFast', () => {
  it('gives what datedEvents gives: objects dated by now, in order, their time read once', () => {
    const nullProto = Object.assign(Object.create(null) as object, { type: 'form_submit', at: '2025-06-01T00:00:00Z' });
    const events = [
      { type: 'page_view', at: '2025-06-10T10:00:00.000Z', props: { url: '/pricing' } },
      { type: 'email_click', at: 1749500000000 },
      { type: 'future', at: '2025-07-01T00:00:00Z' },
      { type: 'undated' },
      { type: 'bad date', at: 'March 3' },
      ['page_view', '2025-06-10T10:00:00Z'],
      null,
      'page_view',
      nullProto,
      { at: '2025-06-11T14:00:00+02:00' },
    ];
    const { fast, general } = both(events);
    expect(fast).toEqual(general);
    expect(fast.map((d) => d.type)).toEqual(['page_view', 'email_click', 'form_submit', undefined]);
    expect(fast[0]!.at).toBe(Date.parse('2025-06-10T10:00:00.000Z'));
  });

  it('never reads a date or a type from a prototype', () => {
    const inherited = Object.create({ type: 'page_view', at: '2025-06-10T10:00:00Z' }) as object;
    const halfOwn = Object.assign(Object.create({ type: 'page_view' }) as object, { at: '2025-06-10T10:00:00Z' });
    const { fast, general } = both([inherited, halfOwn]);
    expect(fast).toEqual(general);
    expect(fast).toEqual([{ ev: halfOwn, type: undefined, at: Date.parse('2025-06-10T10:00:00Z'), raw: '2025-06-10T10:00:00Z' }]);
  });

  it('reads own keys only while Object.prototype is polluted', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.at = '2025-06-10T10:00:00Z';
    proto.type = 'page_view';
    try {
      const { fast, general } = both([{}, { type: 'demo_request' }, { at: '2025-06-09T10:00:00Z' }]);
      expect(fast).toEqual(general);
      expect(fast.map((d) => [d.type, d.raw])).toEqual([[undefined, '2025-06-09T10:00:00Z']]);
    } finally {
      delete proto.at;
      delete proto.type;
    }
  });

  it('reads the list once per evaluation', () => {
    const s = state([{ type: 'page_view', at: '2025-06-10T10:00:00Z' }]);
    expect(datedEventsFast(s)).toBe(datedEventsFast(s));
    expect(datedEvents(s)).toBe(datedEventsFast(s));
  });
});
