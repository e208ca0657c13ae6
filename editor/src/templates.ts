// Templates and their cases, bundled at build time so "new from template" works offline.
import type { CasesFile, Flow } from '@sluice/schemas';

const flows = import.meta.glob<Flow>('../../examples/*.flow.json', { eager: true, import: 'default' });
const cases = import.meta.glob<CasesFile>('../../examples/*.cases.json', { eager: true, import: 'default' });

export const TEMPLATES: Flow[] = Object.values(flows).sort((a, b) => a.name.localeCompare(b.name));

/** Bundled cases of a rule set id (examples/<id>.cases.json), if any. */
export function bundledCases(id: string): CasesFile | null {
  // A copy of a template (bant-handoff-2) tries the template's cases too.
  const base = id.replace(/-\d+$/, '');
  const all = Object.values(cases);
  return all.find((c) => c.ruleSet === id) ?? all.find((c) => c.ruleSet === base) ?? null;
}

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
