// Templates, bundled at build time so "new from template" works offline. Their cases are in
// template-cases.ts: only the editor screen needs them, the start page does not.
import type { Flow } from '@sluice/schemas';

const flows = import.meta.glob<Flow>('../../examples/*.flow.json', { eager: true, import: 'default' });

export const TEMPLATES: Flow[] = Object.values(flows).sort((a, b) => a.name.localeCompare(b.name));

/** A blank flow: a start node and one outcome. */
export function blankFlow(id: string): Flow {
  return {
    schemaVersion: 1,
    id,
    name: 'New flow',
    nodes: [
      { id: 'start', kind: 'start', position: { x: 0, y: 0 }, config: { fields: [{ key: 'lead.title', type: 'string', label: 'Job title' }, { key: 'account.employees', type: 'number', label: 'Employees' }] } },
      { id: 'outcome1', kind: 'outcome', position: { x: 0, y: 200 }, config: { stage: 'MQL' } },
    ],
    edges: [{ id: 'start.next->outcome1', source: 'start', sourcePort: 'next', target: 'outcome1' }],
  };
}
