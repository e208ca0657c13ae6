import type { Flow } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { validate } from '../validation.js';
import { inWords } from './words.js';

const flow = (): Flow => ({
  schemaVersion: 1,
  id: 'demo',
  name: 'Demo',
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 }, config: { fields: [{ key: 'lead.budget', type: 'number', label: 'Budget (USD)' }, { key: 'lead.title', type: 'string' }] } },
    { id: 'fit', kind: 'score', label: 'Fit', position: { x: 0, y: 200 }, config: { score: 'fit', rules: [{ label: 'Big budget', when: { fact: 'lead', path: '$.budget', operator: 'greaterThan', value: 5000 }, points: 10 }] } },
    { id: 'icp', kind: 'gate', label: 'ICP fit', position: { x: 0, y: 400 }, config: { condition: { fact: 'lead', path: '$.title', operator: 'exists', value: true }, reason: 'not_icp' } },
    { id: 'mql', kind: 'outcome', position: { x: 0, y: 600 }, config: { stage: 'MQL' } },
  ],
  edges: [
    { id: 'start.next->fit', source: 'start', sourcePort: 'next', target: 'fit' },
    { id: 'fit.next->icp', source: 'fit', sourcePort: 'next', target: 'icp' },
    { id: 'icp.pass->mql', source: 'icp', sourcePort: 'pass', target: 'mql' },
  ],
}) as Flow;

/** No JSON pointer and no pattern in a sentence. */
const plain = (s: string) => expect(s).not.toMatch(/\/nodes\/|\/config\/|\^|\$|\\|\(E\d{3}\)/);

describe('problems in plain words', () => {
  it('names the node by kind and label and the field by its rule', () => {
    const w = inWords(flow(), { nodeId: 'fit', path: '/nodes/1/config/rules/0/points', message: 'must be <= 1000000000000000' });
    expect(w).toEqual({
      subject: 'Score “Fit”',
      text: 'Rule “Big budget” › points must be at most 1,000,000,000,000,000.',
      details: '/nodes/1/config/rules/0/points · must be <= 1000000000000000',
    });
  });
  it('says what a pattern asks for instead of showing it', () => {
    const w = inWords(flow(), { nodeId: 'icp', path: '/nodes/2/config/reason', message: 'must match pattern "^[a-z0-9][a-z0-9_.-]{0,63}$"' });
    expect(w.subject).toBe('Gate “ICP fit”');
    expect(w.text).toBe('Reason code may use lower-case letters, digits, “_”, “.” and “-” (at most 64), starting with a letter or digit.');
    plain(w.text);
    expect(w.details).toContain('^[a-z0-9]');
  });
  it('moves editor codes and condition parts into words', () => {
    const w = inWords(flow(), { code: 'E101', nodeId: 'icp', path: '/nodes/2', message: 'Port "reject" is not connected: leads taking it would stop here. (E101)' });
    expect(w.text).toBe('Port "reject" is not connected: leads taking it would stop here.');
    expect(w.details).toBe('/nodes/2 · E101');
    const part = inWords(flow(), { nodeId: 'icp', path: '/nodes/2/config/condition/all/1/value', message: 'is required' });
    expect(part.text).toBe('Condition › part 2 › value is missing.');
  });
  it('names start fields by their labels and operators as the builder shows them', () => {
    const w = inWords(flow(), { nodeId: 'fit', path: '/nodes/1/config/rules/0/when/value', message: 'lead.budget is a number; in compares with a list or string' });
    expect(w.text).toBe('“Budget (USD)” is a number; “is one of” compares with a list or string.');
    // A key with no label stays a key: it is what the user typed.
    expect(inWords(flow(), { nodeId: 'icp', path: '/nodes/2/config/condition/fact', message: 'lead.titel is not declared by the start node' }).text).toBe('lead.titel is not declared by the start node.');
  });
  it('gives sentences a subject when the engine starts at the verb', () => {
    expect(inWords(flow(), { nodeId: 'mql', path: '/nodes/3', message: 'is not reachable from the start node' })).toMatchObject({ subject: 'Outcome “mql”', text: 'This node is not reachable from the start node.' });
    expect(inWords(flow(), { path: '/name', message: 'must NOT have more than 200 characters' })).toMatchObject({ subject: 'Flow settings', text: 'Name is too long: at most 200 characters.' });
  });
});

describe('validate: every problem at once', () => {
  it('lists a schema error beside the other nodes\' wiring and field problems', () => {
    const f = flow();
    const fit = f.nodes[1] as Extract<Flow['nodes'][number], { kind: 'score' }>;
    fit.config.rules[0]!.points = 1e16;
    // Another node reads a field nobody declared, and its reject port stays open (optional).
    (f.nodes[2] as Extract<Flow['nodes'][number], { kind: 'gate' }>).config.condition = { fact: 'lead', path: '$.titel', operator: 'exists', value: true };
    // And the outcome is unreachable.
    f.edges = f.edges.filter((e) => e.target !== 'mql');
    const { issues, ruleSet } = validate(f);
    expect(ruleSet).toBeNull();
    const texts = issues.map((i) => `${i.words?.subject}: ${i.words?.text}`);
    expect(texts).toEqual(expect.arrayContaining([
      'Score “Fit”: Rule “Big budget” › points must be at most 1,000,000,000,000,000.',
      expect.stringMatching(/^Gate “ICP fit”: lead\.titel is not declared by the start node\.$/),
      'Gate “ICP fit”: Port “pass” is not connected: leads taking it would stop here.',
      'Outcome “mql”: This node is not reachable from the start node.',
    ]));
    for (const i of issues) plain(i.words!.text);
  });
});
