// The cases a flow can be tried on: bundled examples/<id>.cases.json plus cases the user
// saved in this browser. Plain functions: the panel only wires them up.
import type { Case, CasesFile, EvaluationInput, EvaluationResult } from '@sluice/schemas';

const PREFIX = 'sluice.cases.';

export function savedCases(storage: Storage, id: string): Case[] {
  try {
    const v = JSON.parse(storage.getItem(PREFIX + id) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as Case[]) : [];
  } catch {
    return [];
  }
}

/**
 * A case from a lead and the result it got now: the expectation is the result's outcome,
 * scores, grade and rejection, so the case fails when a change moves the lead.
 *
 * @example
 * caseFromRun('VP with budget', input, '2025-03-03T15:00:00Z', result)
 */
export function caseFromRun(name: string, input: EvaluationInput, now: string, result: EvaluationResult): Case {
  return {
    name,
    input,
    now,
    expect: {
      outcome: { nodeId: result.outcome.nodeId, stage: result.outcome.stage },
      scores: result.scores,
      grade: result.grade,
      rejected: result.rejected,
    },
  };
}

/**
 * A name no case has yet: the base itself when free, else "base (2)", "base (3)"…
 * A picked case's name is never offered as is, so saving cannot replace it unasked.
 *
 * @example
 * freshCaseName('VP with budget', ['VP with budget']) // 'VP with budget (2)'
 */
export function freshCaseName(base: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  const stem = base.replace(/ \(\d+\)$/, '').trim() || 'New case';
  if (!names.has(stem)) return stem;
  for (let i = 2; ; i++) if (!names.has(`${stem} (${i})`)) return `${stem} (${i})`;
}

export function addSavedCase(storage: Storage, id: string, c: Case): Case[] {
  const list = [...savedCases(storage, id).filter((x) => x.name !== c.name), c];
  storage.setItem(PREFIX + id, JSON.stringify(list));
  return list;
}

/** A cases file with both bundled and saved cases, for export. */
export function casesFile(id: string, bundled: CasesFile | null, saved: Case[]): CasesFile {
  const names = new Set(saved.map((c) => c.name));
  return { schemaVersion: 1, ruleSet: id, cases: [...(bundled?.cases ?? []).filter((c) => !names.has(c.name)), ...saved] };
}

/** `now` of a case as an ISO string. */
export function nowText(now: string | number): string {
  return typeof now === 'number' ? new Date(now).toISOString() : now;
}
