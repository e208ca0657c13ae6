// The plan beside the flow, drafted and published like one: the editor saves its changes to
// `<id>.plan.draft.json` (the published `<id>.plan.json`, which the funnel reads, is left
// alone), and publishing validates the draft, writes it as the plan and removes the draft, in
// one git commit when the rules folder is committed to.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Issue, Plan } from '@sluice/schemas';
import { limitIssues } from '@sluice/schemas';
import { loadPlan, stringifyDocument } from '@sluice/sdk';
import { SluiceError } from '../errors.js';
import { ruleSetId } from '../ids.js';
import { writeFileAtomic } from './atomic-write.js';
import { commitFiles, shouldCommit, uncommitted } from './git.js';

export const planFileName = (id: string) => `${ruleSetId(id)}.plan.json`;
export const planDraftFileName = (id: string) => `${ruleSetId(id)}.plan.draft.json`;

/** Why a draft plan would not publish (none: it would), stages checked against `known`. */
export function planDraftIssues(doc: unknown, id: string, known: readonly string[]): Issue[] {
  const r = loadPlan(doc, known);
  if (!r.ok) return r.errors;
  return r.plan.ruleSet === id ? [] : [{ path: '/ruleSet', message: `must be "${id}" (the file name)` }];
}

/**
 * What a draft plan must be to be saved at all: a JSON object for this rule set that the
 * loaders would read (size limits). It need not be a valid plan yet, as a flow draft need not
 * compile; planDraftIssues says what stands in the way of publishing it.
 */
export function checkPlanDraft(doc: unknown, id: string): void {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new SluiceError('bad_request', 'a draft plan is a plan document (a JSON object)');
  const limits = limitIssues(doc);
  if (limits.length > 0) throw new SluiceError('validation_failed', 'the draft plan is too deep or holds too long a string', { issues: limits });
  if ((doc as { ruleSet?: unknown }).ruleSet !== id) throw new SluiceError('validation_failed', `the draft plan is for ${JSON.stringify((doc as { ruleSet?: unknown }).ruleSet)}, not ${id}`, { issues: [{ path: '/ruleSet', message: `must be "${id}"` }] });
}

/**
 * Writes `plan` as `<id>.plan.json`, removes the draft, and commits both changes (the draft's
 * removal only when git tracked it) when the folder is committed to. Callers hold the
 * registry's lock.
 */
export async function writePublishedPlan(
  rulesDir: string, gitMode: 'auto' | 'on' | 'off', plan: Plan, o: { author: string; message?: string },
): Promise<{ commit: string | null; gitError?: string }> {
  const id = plan.ruleSet;
  await writeFileAtomic(join(rulesDir, planFileName(id)), stringifyDocument(plan));
  await rm(join(rulesDir, planDraftFileName(id)), { force: true });
  if (!(await shouldCommit(rulesDir, gitMode))) return { commit: null };
  try {
    const draftGone = (await uncommitted(rulesDir, [planDraftFileName(id)])).length > 0;
    const files = [planFileName(id), ...(draftGone ? [planDraftFileName(id)] : [])];
    if ((await uncommitted(rulesDir, [planFileName(id)])).length === 0 && !draftGone) return { commit: null };
    const msg = `Publish the plan of ${id}: ${plan.target} ${plan.stages[plan.stages.length - 1]} a ${plan.period}, by ${o.author}${o.message ? `\n\n${o.message}` : ''}`;
    return { commit: await commitFiles(rulesDir, files, msg, o.author) };
  } catch (e) {
    // The plan is written and serves; only the history waits (as for a flow's publish).
    return { commit: null, gitError: (e as Error).message };
  }
}
