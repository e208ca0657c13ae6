import { describe, expect, it } from 'vitest';
import type { Case, EvaluationResult } from '@sluice/schemas';
import type { CaseReport } from '../engine.js';
import { partingNode, partings } from './parting.js';

// start → icp →(pass) fit →(pass) sql ; icp →(reject) nurture ; fit →(reject) recycle
const flow = {
  edges: [
    { id: 'a', source: 'start', sourcePort: 'next', target: 'icp' },
    { id: 'b', source: 'icp', sourcePort: 'pass', target: 'fit' },
    { id: 'c', source: 'icp', sourcePort: 'reject', target: 'nurture' },
    { id: 'd', source: 'fit', sourcePort: 'pass', target: 'sql' },
    { id: 'e', source: 'fit', sourcePort: 'reject', target: 'recycle' },
  ],
};

describe('partingNode', () => {
  it('is the last node both paths share when the case gives its path', () => {
    expect(partingNode(flow, { path: ['start', 'icp', 'fit', 'sql'] }, ['start', 'icp', 'nurture'])).toBe('icp');
    expect(partingNode(flow, { path: ['start', 'icp', 'fit', 'sql'] }, ['start', 'icp', 'fit', 'recycle'])).toBe('fit');
  });
  it('is the last node on the way that still leads to the expected outcome', () => {
    expect(partingNode(flow, { outcome: { nodeId: 'sql' } }, ['start', 'icp', 'fit', 'recycle'])).toBe('fit');
    expect(partingNode(flow, { outcome: { nodeId: 'recycle' } }, ['start', 'icp', 'nurture'])).toBe('icp');
  });
  it('is null when the paths agree or nothing says where the lead should go', () => {
    expect(partingNode(flow, { path: ['start', 'icp', 'nurture'] }, ['start', 'icp', 'nurture'])).toBeNull();
    expect(partingNode(flow, { outcome: { nodeId: 'nurture' } }, ['start', 'icp', 'nurture'])).toBeNull();
    expect(partingNode(flow, { scores: { fit: 10 } }, ['start', 'icp', 'nurture'])).toBeNull();
    expect(partingNode(flow, null, ['start'])).toBeNull();
  });
});

describe('partings', () => {
  it('groups failing cases by their parting node and skips passing ones', () => {
    const c = (name: string, to: string): Case => ({ name, input: { lead: {}, events: [] }, now: '2025-01-01T00:00:00Z', expect: { outcome: { nodeId: to } } });
    const r = (name: string, pass: boolean, path: string[]): CaseReport => ({ name, pass, diffs: [], result: { path } as unknown as EvaluationResult });
    const marks = partings(flow, [c('one', 'sql'), c('two', 'sql'), c('ok', 'nurture')], [r('one', false, ['start', 'icp', 'nurture']), r('two', false, ['start', 'icp', 'fit', 'recycle']), r('ok', true, ['start', 'icp', 'nurture'])]);
    expect([...marks]).toEqual([['icp', ['one']], ['fit', ['two']]]);
  });
});
