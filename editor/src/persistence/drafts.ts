// Unsaved work survives reloads and crashed tabs: every change is kept in localStorage.
import type { Flow } from '@sluice/schemas';

const PREFIX = 'sluice.draft.';

export interface LocalDraft {
  flow: Flow;
  /** Whether the runtime (or a file) already has exactly this flow. */
  saved: boolean;
  at: number;
}

/** Keeps the flow being edited. Quota errors are ignored: the draft is a safety net. */
export function keepDraft(storage: Storage, flow: Flow, saved: boolean, at: number): void {
  try {
    storage.setItem(PREFIX + flow.id, JSON.stringify({ flow, saved, at } satisfies LocalDraft));
    storage.setItem('sluice.lastOpen', flow.id);
  } catch {
    /* full storage: nothing better to do */
  }
}

export function readDraft(storage: Storage, id: string): LocalDraft | null {
  try {
    const v = JSON.parse(storage.getItem(PREFIX + id) ?? 'null') as LocalDraft | null;
    return v && typeof v === 'object' && v.flow && Array.isArray(v.flow.nodes) ? v : null;
  } catch {
    return null;
  }
}

export function dropDraft(storage: Storage, id: string): void {
  storage.removeItem(PREFIX + id);
}

/** Ids of flows with unsaved local drafts. */
export function unsavedDrafts(storage: Storage): string[] {
  const out: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k?.startsWith(PREFIX)) {
      const d = readDraft(storage, k.slice(PREFIX.length));
      if (d && !d.saved) out.push(d.flow.id);
    }
  }
  return out.sort();
}
