import type { Flow } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { fromTemplate, takenIds } from './open.js';

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
});
