import { readFileSync } from 'node:fs';
import type { Flow } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { compile } from '../engine.js';
import { asDraft, restoreRisks } from './restore.js';

const v1 = JSON.parse(readFileSync(new URL('../../../examples/bant-handoff.flow.json', import.meta.url), 'utf8')) as Flow;
const edited: Flow = { ...v1, name: 'BANT, edited' };
const hash = (f: Flow) => {
  const r = compile(f);
  if (!r.ok) throw new Error('does not compile');
  return r.ruleSet.hash;
};

describe('restoring a version over the draft', () => {
  it('asks nothing when there is no draft, or the draft is that version', () => {
    expect(restoreRisks(v1, { flow: null, unsavedHere: false }, new Set())).toEqual([]);
    const moved = { ...v1, nodes: v1.nodes.map((n) => ({ ...n, position: { x: 1, y: 2 } })) };
    expect(restoreRisks(v1, { flow: moved, unsavedHere: true }, new Set())).toEqual([]);
  });
  it('asks when the draft holds content no published version has', () => {
    expect(restoreRisks(v1, { flow: edited, unsavedHere: false }, new Set([hash(v1)]))).toEqual(['The draft has changes that no published version holds.']);
  });
  it('asks when this browser has changes the runtime never got', () => {
    expect(restoreRisks(v1, { flow: edited, unsavedHere: true }, new Set([hash(v1), hash(edited)]))).toEqual([
      'This browser holds changes to the draft that were never saved to the runtime.',
    ]);
  });
  it('does not ask when the draft is another published version', () => {
    expect(restoreRisks(v1, { flow: edited, unsavedHere: false }, new Set([hash(v1), hash(edited)]))).toEqual([]);
  });
  it('counts a draft that does not compile as unpublished work', () => {
    const broken = { ...v1, edges: [] };
    expect(restoreRisks(v1, { flow: broken, unsavedHere: false }, new Set([hash(v1)]))).toHaveLength(1);
  });
  it('writes the draft without a version number', () => {
    expect(asDraft({ ...v1, version: 4 }).version).toBeUndefined();
  });
});
