import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';

describe('migrate', () => {
  it('leaves current documents alone', () => {
    const doc = { schemaVersion: 1, id: 'x' };
    expect(migrate('flow', doc)).toEqual({ ok: true, doc, from: 1 });
  });

  it('migrates a version-0 flow drawn with React Flow names', () => {
    const m = migrate('flow', {
      id: 'x',
      name: 'X',
      nodes: [{ id: 's', type: 'start', data: { fields: [] }, position: { x: 0, y: 0 } }],
      edges: [{ id: 'e', source: 's', sourceHandle: 'next', target: 'o', targetHandle: null }],
    });
    expect(m).toEqual({
      ok: true,
      from: 0,
      doc: {
        id: 'x',
        name: 'X',
        schemaVersion: 1,
        nodes: [{ id: 's', kind: 'start', config: { fields: [] }, position: { x: 0, y: 0 } }],
        edges: [{ id: 'e', source: 's', sourcePort: 'next', target: 'o' }],
      },
    });
  });

  it('says exactly why it cannot migrate', () => {
    expect(migrate('flow', { schemaVersion: 7 })).toEqual({
      ok: false,
      issues: [{ path: '/schemaVersion', message: 'is 7: this file was written by a newer Sluice; this build reads schemaVersion 1 and older' }],
    });
    expect(migrate('ruleset', {})).toMatchObject({ ok: false, issues: [{ path: '/schemaVersion' }] });
    expect(migrate('cases', { schemaVersion: '1' })).toMatchObject({ ok: false, issues: [{ path: '/schemaVersion', message: 'must be a positive integer, got "1"' }] });
    expect(migrate('flow', [])).toMatchObject({ ok: false });
    expect(migrate('plan', {})).toEqual({ ok: false, issues: [{ path: '/schemaVersion', message: 'is missing; a plan file without it predates versioned files and cannot be migrated (add "schemaVersion": 1)' }] });
    expect(migrate('plan', { schemaVersion: 2 })).toMatchObject({ ok: false, issues: [{ path: '/schemaVersion' }] });
  });
});
