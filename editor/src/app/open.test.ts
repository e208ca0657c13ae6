import type { Flow } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { fromTemplate, takenIds, takenNames } from './open.js';

const template = { schemaVersion: 1, id: 'bant-handoff', name: 'BANT', version: 1, nodes: [], edges: [] } as Flow;

describe('new flows from a template', () => {
  it('never take the template\'s own id, even before the runtime has answered', () => {
    expect(fromTemplate(template, takenIds([template], [], [])).flow.id).toBe('bant-handoff-2');
  });
  it('skip ids the runtime or a local draft already uses', () => {
    const taken = takenIds([template], [{ id: 'bant-handoff-2' }], ['bant-handoff-3']);
    expect(fromTemplate(template, taken).flow.id).toBe('bant-handoff-4');
  });
  it('drop the template\'s version: the runtime numbers versions', () => {
    expect(fromTemplate(template, takenIds([template], [], [])).flow.version).toBeUndefined();
  });
  it('get a name of their own, never one the start page shows already', () => {
    expect(fromTemplate(template, takenIds([template], [], [])).flow.name).toBe('BANT (copy)');
    const list = [{ id: 'bant-handoff-2', name: 'BANT (copy)' }];
    const second = fromTemplate(template, takenIds([template], list, []), takenNames([template], list, []));
    expect(second.flow).toMatchObject({ id: 'bant-handoff-3', name: 'BANT (copy 2)' });
    // A rule set renamed by hand to the next copy's name: skipped too, id and name in step.
    const renamed = [...list, { id: 'other', name: 'BANT (copy 2)' }];
    expect(fromTemplate(template, takenIds([template], renamed, []), takenNames([template], renamed, [])).flow).toMatchObject({ id: 'bant-handoff-4', name: 'BANT (copy 3)' });
  });
});
