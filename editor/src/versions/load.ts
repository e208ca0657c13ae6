// Reading versions from the runtime for the editor: a version opened read only, the other side
// of a comparison, the list of versions and the draft as it stands now.
import type { Flow } from '@sluice/schemas';
import { api, type RuleSetDetail } from '../api/client.js';
import { readDraft } from '../persistence/drafts.js';
import type { FlowMeta } from '../store/editor-store.js';
import { flowOfRuleSet, layoutOf } from './flow-of-rule-set.js';
import type { DraftNow } from './restore.js';
import type { Side } from './route.js';

/** The draft this browser would open: its unsaved local copy, else the runtime's. */
export function draftNow(detail: RuleSetDetail | null, storage: Storage): DraftNow {
  const local = detail ? readDraft(storage, detail.id) : null;
  if (local && !local.saved) return { flow: local.flow, unsavedHere: true };
  return { flow: detail?.draft ?? local?.flow ?? null, unsavedHere: false };
}

/**
 * Version `n` as a flow to look at: its rules, laid out where the draft has its nodes, in a
 * store that refuses edits (`readOnlyVersion`).
 */
export async function openVersion(id: string, n: number, storage: Storage): Promise<{ flow: Flow; meta: FlowMeta; saved: Flow }> {
  const [detail, rs] = await Promise.all([api.get(id), api.version(id, n)]);
  const flow = flowOfRuleSet(rs, layoutOf(draftNow(detail, storage).flow, readDraft(storage, id)?.flow));
  const meta: FlowMeta = { source: 'runtime', readOnlyVersion: n, ...(detail.published ? { publishedVersion: detail.published.version } : {}) };
  return { flow, meta, saved: flow };
}

/** The other side of a comparison, laid out like the shown flow. Throws when it does not exist. */
export async function loadSide(id: string, side: Side, shown: Flow, storage: Storage): Promise<Flow> {
  if (side === 'draft') {
    const d = draftNow(await api.get(id), storage).flow;
    if (!d) throw new Error(`${id} has no draft`);
    return d;
  }
  const rs = await api.version(id, side);
  return flowOfRuleSet(rs, layoutOf(shown, readDraft(storage, id)?.flow));
}
