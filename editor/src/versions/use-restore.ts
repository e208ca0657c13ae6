import { useState } from 'react';
import type { Flow } from '@sluice/schemas';
import { api } from '../api/client.js';
import { keepDraft } from '../persistence/drafts.js';
import { draftNow } from './load.js';
import { asDraft, restoreRisks } from './restore.js';

export interface RestoreState {
  /** Asking before the draft is replaced: why, and the draft that would go (to download first). */
  asking: { risks: string[]; draft: Flow } | null;
  busy: boolean;
  error: string | null;
  /** Starts a restore: replaces the draft at once when nothing would be lost, else asks. */
  start: () => void;
  confirm: () => void;
  cancel: () => void;
}

/**
 * Restoring `flow` (a published version shown read only) as the rule set's draft: saved to the
 * runtime, then this browser's copy of the draft follows. `done` opens the draft.
 */
export function useRestore(flow: Flow, version: number, done: (notice: string) => void): RestoreState {
  const [asking, setAsking] = useState<RestoreState['asking']>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const write = async () => {
    const draft = asDraft(flow);
    await api.saveDraft(draft.id, draft);
    keepDraft(localStorage, draft, true, Date.now());
    done(`Version ${version} restored as the draft`);
  };
  const run = (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    fn().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))).finally(() => setBusy(false));
  };
  return {
    asking,
    busy,
    error,
    start: () =>
      run(async () => {
        const [detail, versions] = await Promise.all([api.get(flow.id), api.versions(flow.id)]);
        const now = draftNow(detail, localStorage);
        const risks = restoreRisks(flow, now, new Set(versions.map((v) => v.hash)));
        if (risks.length > 0 && now.flow) setAsking({ risks, draft: now.flow });
        else await write();
      }),
    confirm: () => {
      setAsking(null);
      run(write);
    },
    cancel: () => setAsking(null),
  };
}
