import { describe, expect, it } from 'vitest';
import { validateCondition, validateFlow } from '../dist/validators.js';
import { MAX_ISSUES, nodeIdAt, toIssues } from './issues.js';

const flow = (nodes: unknown[]) => ({ schemaVersion: 1, id: 'f', name: 'F', nodes, edges: [] });

describe('toIssues', () => {
  it('names the node and the field, and says what is allowed', () => {
    const doc = flow([
      { id: 's', kind: 'start', config: { fields: [] } },
      { id: 'g', kind: 'gate', config: { reason: 'r', condition: { all: [{ fact: 'lead', path: '$.x', operator: 'equalz', value: 1 }] } } },
    ]);
    expect(validateFlow(doc)).toBe(false);
    const issues = toIssues(validateFlow.errors, doc);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ nodeId: 'g', path: '/nodes/1/config/condition/all/0/operator' });
    expect(issues[0]!.message).toMatch(/^must be one of: equal, notEqual/);
  });

  it('hides the noise of the condition branches that do not apply', () => {
    const cond = { any: [{ fact: 'lead', operator: 'equal' }] };
    expect(validateCondition(cond)).toBe(false);
    expect(toIssues(validateCondition.errors, cond)).toEqual([{ path: '/any/0/value', message: 'is required' }]);
  });

  it('reports unknown and missing properties at their own path', () => {
    const doc = flow([{ id: 'o', kind: 'outcome', config: { stagee: 'MQL' } }]);
    validateFlow(doc);
    const issues = toIssues(validateFlow.errors, doc);
    expect(issues).toEqual(
      expect.arrayContaining([
        { nodeId: 'o', path: '/nodes/0/config/stage', message: 'is required' },
        { nodeId: 'o', path: '/nodes/0/config/stagee', message: 'is not a known property' },
      ]),
    );
  });

  it('uses the discriminator: an unknown kind is one clear error', () => {
    const doc = flow([{ id: 'x', kind: 'wormhole', config: {} }]);
    validateFlow(doc);
    const issues = toIssues(validateFlow.errors, doc);
    expect(issues.length).toBeLessThanOrEqual(2);
    expect(issues[0]!.nodeId).toBe('x');
  });

  it('finds node ids only for node paths', () => {
    const doc = flow([{ id: 'a' }]);
    expect(nodeIdAt(doc, '/nodes/0/config')).toBe('a');
    expect(nodeIdAt(doc, '/edges/0')).toBeUndefined();
    expect(nodeIdAt(doc, '/nodes/9')).toBeUndefined();
    expect(toIssues(null, doc)).toEqual([]);
  });

  it('lists at most MAX_ISSUES problems, and says how many more there were', () => {
    const doc = { schemaVersion: 1, id: 'f', name: 'F', nodes: [], edges: [], scores: Array.from({ length: 5000 }, () => ({ label: 'x' })) };
    expect(validateFlow(doc)).toBe(false);
    const issues = toIssues(validateFlow.errors, doc);
    expect(issues).toHaveLength(MAX_ISSUES + 1);
    expect(issues[0]).toEqual({ path: '/scores/0/name', message: 'is required' });
    expect(issues[MAX_ISSUES]).toEqual({ path: '/', message: 'and 4800 or so more problems like these, not listed' });
  });
});

