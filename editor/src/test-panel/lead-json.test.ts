import { describe, expect, it } from 'vitest';
import { leadText, readLead } from './lead-json.js';

describe('readLead', () => {
  it('reads a lead that parses and fits the input schema', () => {
    const v = { lead: { title: 'VP' }, events: [{ type: 'pricing_view', at: '2025-06-01T10:00:00Z' }] };
    expect(readLead(leadText(v))).toEqual({ ok: true, value: v });
  });
  it('says where the JSON stops parsing', () => {
    const r = readLead('{\n  "lead": {\n    "title": "VP",\n  }\n}');
    expect(r).toMatchObject({ ok: false, kind: 'parse' });
    // V8 names a position (Chromium adds its own line and column): given once, as a line and column.
    if (!r.ok) expect(r.message).toMatch(/^The JSON does not parse: .+ at line 4, column 3\.$/);
  });
  it('says in words what does not fit', () => {
    expect(readLead('{"lead": 1}')).toEqual({ ok: false, kind: 'fit', message: 'The JSON does not fit a lead: lead must be an object.' });
    expect(readLead('{"lead": {}, "events": [{"type": "x"}]}')).toEqual({ ok: false, kind: 'fit', message: 'The JSON does not fit a lead: events, item 1 needs "at".' });
    expect(readLead('{"lead": {}, "score": 3}')).toEqual({ ok: false, kind: 'fit', message: 'The JSON does not fit a lead: "score" is not part of a lead (only lead, events and account are).' });
    expect(readLead('{"lead": {}, "events": [{"type": "x", "at": true}]}')).toEqual({ ok: false, kind: 'fit', message: 'The JSON does not fit a lead: events, item 1, at must be a string or a number.' });
    expect(readLead('[]')).toEqual({ ok: false, kind: 'fit', message: 'The JSON does not fit a lead: the top level must be an object.' });
  });
});
