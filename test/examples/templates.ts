// Shared loading for the example-template tests: every `<id>.flow.json` in examples/ with
// its `<id>.cases.json`.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CasesFile, Flow } from '@sluice/schemas';

export const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');

/** The templates this suite knows about; a new flow file without an entry here fails a test. */
export const TEMPLATE_IDS = ['waterfall-6-layer', 'fit-engagement-decay', 'bant-handoff', 'recycle-by-reason', 'buying-group'] as const;

export interface Template {
  id: string;
  flowText: string;
  casesText: string;
  flow: Flow;
  cases: CasesFile;
}

export function loadTemplate(id: string): Template {
  const flowText = readFileSync(join(EXAMPLES, `${id}.flow.json`), 'utf8');
  const casesText = readFileSync(join(EXAMPLES, `${id}.cases.json`), 'utf8');
  return { id, flowText, casesText, flow: JSON.parse(flowText) as Flow, cases: JSON.parse(casesText) as CasesFile };
}

/** Ids of the flow files present in examples/ (the folder doubles as a rule-set folder). */
export function flowFilesOnDisk(): string[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.flow.json'))
    .map((f) => f.slice(0, -'.flow.json'.length))
    .sort();
}

export const nodesOfKind = (flow: Flow, kind: string) => flow.nodes.filter((n) => n.kind === kind).map((n) => n.id);
