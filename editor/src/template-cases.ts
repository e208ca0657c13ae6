// The templates' cases (examples/<id>.cases.json), bundled at build time so the test panel works
// offline. Apart from templates.ts because they are about 180 KB of JSON the start page (which
// lists the templates) never reads: here they travel in the editor screen's chunk.
import type { CasesFile } from '@sluice/schemas';

const cases = import.meta.glob<CasesFile>('../../examples/*.cases.json', { eager: true, import: 'default' });

/** Bundled cases of a rule set id (examples/<id>.cases.json), if any. */
export function bundledCases(id: string): CasesFile | null {
  // A copy of a template (bant-handoff-2) tries the template's cases too.
  const base = id.replace(/-\d+$/, '');
  const all = Object.values(cases);
  return all.find((c) => c.ruleSet === id) ?? all.find((c) => c.ruleSet === base) ?? null;
}
