// Restoring a version replaces the draft. Whatever the draft holds that exists nowhere else
// (changes not saved to the runtime, or content no published version has) is lost by that,
// so the editor asks first and says what would go; a draft equal to a version is not asked about.
import type { Flow } from '@sluice/schemas';
import { compile, diffFlows } from '../engine.js';

export interface DraftNow {
  /** The draft as this browser would open it (its unsaved local copy, else the runtime's). */
  flow: Flow | null;
  /** The local copy differs from what the runtime has. */
  unsavedHere: boolean;
}

/** Why replacing the draft by `version` would lose work: empty when nothing would be lost. */
export function restoreRisks(version: Flow, draft: DraftNow, publishedHashes: ReadonlySet<string>): string[] {
  if (!draft.flow || diffFlows(draft.flow, version).same) return [];
  const out: string[] = [];
  if (draft.unsavedHere) out.push('This browser holds changes to the draft that were never saved to the runtime.');
  const r = compile(draft.flow);
  if (!r.ok || !publishedHashes.has(r.ruleSet.hash)) out.push('The draft has changes that no published version holds.');
  return out;
}

/** The draft a restore writes: the version's flow, without the version number (publishing sets it). */
export function asDraft(version: Flow): Flow {
  const { version: _v, ...rest } = version;
  return rest;
}
