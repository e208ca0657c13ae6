import { describe, expect, it } from 'vitest';
import { matchExpected, runCases } from './cases.js';
import { flowOf, mustCompile, NOW, outcomeNode } from './fixtures.test-util.js';

describe('matchExpected', () => {
  it('compares objects key by key and arrays exactly', () => {
    const actual = { outcome: { stage: 'SQL', actions: { tags: ['a', 'b'] } }, scores: { fit: 10, eng: 2 } };
    expect(matchExpected({ outcome: { stage: 'SQL' }, scores: { fit: 10 } }, actual)).toEqual([]);
    expect(matchExpected({ outcome: { actions: { tags: ['a'] } } }, actual)).toEqual([{ path: 'outcome.actions.tags', expected: ['a'], actual: ['a', 'b'] }]);
    expect(matchExpected({ rejected: null }, { rejected: { reason: 'x' } })).toEqual([{ path: 'rejected', expected: null, actual: { reason: 'x' } }]);
    expect(matchExpected({ grade: 'A1' }, {})).toEqual([{ path: 'grade', expected: 'A1', actual: undefined }]);
  });
});

describe('runCases', () => {
  it('reports each case with its differences', () => {
    const rs = mustCompile(
      flowOf(
        [
          { id: 'g', kind: 'gate', config: { reason: 'small', condition: { fact: 'lead', path: '$.employees', operator: 'greaterThan', value: 5 } } },
          outcomeNode('o', 'MQL'),
        ],
        [
          ['start', 'next', 'g'],
          ['g', 'pass', 'o'],
        ],
      ),
    );
    const reports = runCases(rs, {
      schemaVersion: 1,
      ruleSet: 'test-flow',
      cases: [
        { name: 'big', input: { lead: { employees: 10 } }, now: NOW, expect: { outcome: { stage: 'MQL' }, rejected: null } },
        { name: 'small', input: { lead: { employees: 1 } }, now: NOW, expect: { outcome: { stage: 'MQL' } } },
      ],
    });
    expect(reports.map((r) => [r.name, r.pass])).toEqual([
      ['big', true],
      ['small', false],
    ]);
    expect(reports[1]!.diffs).toEqual([{ path: 'outcome.stage', expected: 'MQL', actual: 'Rejected' }]);
    expect(reports[1]!.result.trace).toBeDefined();
  });
});
