import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, sameDocument, type Route } from './route.js';

describe('routes in the hash', () => {
  it('name the draft, a version and a comparison', () => {
    expect(parseRoute('#/flow/bant')).toEqual({ kind: 'flow', id: 'bant', version: null, vs: null });
    expect(parseRoute('#/flow/bant/v/3')).toEqual({ kind: 'flow', id: 'bant', version: 3, vs: null });
    expect(parseRoute('#/flow/bant/v/3/vs/2')).toEqual({ kind: 'flow', id: 'bant', version: 3, vs: 2 });
    expect(parseRoute('#/flow/bant/v/3/vs/draft')).toEqual({ kind: 'flow', id: 'bant', version: 3, vs: 'draft' });
    expect(parseRoute('#/flow/bant/vs/1')).toEqual({ kind: 'flow', id: 'bant', version: null, vs: 1 });
  });
  it('read anything else as the start page', () => {
    for (const h of ['', '#/', '#/flow/', '#/flow/Bad_Id', '#/flow/bant/v/0', '#/flow/bant/v/x', '#/flow/bant/v/3/extra', '#/flow/../x']) {
      expect(parseRoute(h)).toEqual({ kind: 'home' });
    }
  });
  it('drop a comparison of a side with itself', () => {
    expect(parseRoute('#/flow/bant/v/2/vs/2')).toEqual({ kind: 'flow', id: 'bant', version: 2, vs: null });
    expect(parseRoute('#/flow/bant/vs/draft')).toEqual({ kind: 'flow', id: 'bant', version: null, vs: null });
  });
  it('format back to the same hash', () => {
    for (const h of ['#/', '#/flow/bant', '#/flow/bant/v/3', '#/flow/bant/v/3/vs/draft', '#/flow/bant/vs/12']) expect(formatRoute(parseRoute(h))).toBe(h);
  });
  it('tell a change of comparison from a change of document', () => {
    const r = (h: string): Route => parseRoute(h);
    expect(sameDocument(r('#/flow/a/v/2'), r('#/flow/a/v/2/vs/1'))).toBe(true);
    expect(sameDocument(r('#/flow/a/v/2'), r('#/flow/a'))).toBe(false);
    expect(sameDocument(r('#/flow/a'), r('#/flow/b'))).toBe(false);
    expect(sameDocument(r('#/'), r('#/'))).toBe(true);
  });
});
