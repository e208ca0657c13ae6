// Reading versions from the runtime for the editor: a version opened read only, the other side
// of a comparison, the list of versions and the draft as it stands now.
import type { Flow, RuleSet } from '@sluice/schemas';
import { api, ApiError, type RuleSetDetail } from '../api/client.js';
import { readDraft } from '../persistence/drafts.js';
import type { FlowMeta } from '../store/editor-store.js';
import { flowOfRuleSet, layoutOf, type Layout } from './flow-of-rule-set.js';
import type { DraftNow } from './restore.js';
import type { Side } from './route.js';

/** The banner's words when a version has no drawing of its own (the runtime answered 404). */
export const NO_DRAWING_KEPT = 'layout from the current draft: this version was published before drawings were kept';

/** The draft this browser would open: its unsaved local copy, else the runtime's. */
export function draftNow(detail: RuleSetDetail | null, storage: Storage): DraftNow {
  const local = detail ? readDraft(storage, detail.id) : null;
  if (local && !local.saved) return { flow: local.flow, unsavedHere: true };
  return { flow: detail?.draft ?? local?.flow ?? null, unsavedHere: false };
}

/**
 * Version `n` as it was drawn: the drawing the runtime kept at publish, else (none kept, or it
 * could not be read) its rules laid out by `layout`, with the reason to show.
 */
export async function versionDrawing(id: string, n: number, rs: Promise<RuleSet>, layout: () => Promise<Layout>): Promise<{ flow: Flow; note: string | null }> {
  try {
    return { flow: await api.versionFlow(id, n), note: null };
  } catch (e) {
    // Only "none kept" is expected; anything else is said too, but the version still opens.
    const note = e instanceof ApiError && e.status === 404 ? NO_DRAWING_KEPT : `layout from the current draft: this version's drawing could not be read (${e instanceof Error ? e.message : String(e)})`;
    return { flow: flowOfRuleSet(await rs, await layout()), note };
  }
}

/**
 * Version `n` as a flow to look at, in a store that refuses edits (`readOnlyVersion`): its own
 * drawing, or its rules laid out where the draft has its nodes (`layoutNote` says so).
 */
export async function openVersion(id: string, n: number, storage: Storage): Promise<{ flow: Flow; meta: FlowMeta; saved: Flow }> {
  const detail = api.get(id);
  const rs = api.version(id, n);
  // The version must exist even when its drawing does: its rules are what is served.
  const [d, , { flow, note }] = await Promise.all([detail, rs, versionDrawing(id, n, rs, async () => layoutOf(draftNow(await detail, storage).flow, readDraft(storage, id)?.flow))]);
  const meta: FlowMeta = { source: 'runtime', readOnlyVersion: n, ...(d.published ? { publishedVersion: d.published.version } : {}), ...(note ? { layoutNote: note } : {}) };
  return { flow, meta, saved: flow };
}

/** The other side of a comparison: the draft, or a version as drawn (else laid out like the shown flow). Throws when it does not exist. */
export async function loadSide(id: string, side: Side, shown: Flow, storage: Storage): Promise<Flow> {
  if (side === 'draft') {
    const d = draftNow(await api.get(id), storage).flow;
    if (!d) throw new Error(`${id} has no draft`);
    return d;
  }
  const rs = api.version(id, side);
  const [, { flow }] = await Promise.all([rs, versionDrawing(id, side, rs, async () => layoutOf(shown, readDraft(storage, id)?.flow))]);
  return flow;
}
