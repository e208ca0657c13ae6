// Opening flows: from the runtime (with a newer local draft winning), from a template, from a file.
import type { Flow } from '@sluice/schemas';
import { api, type RuleSetDetail } from '../api/client.js';
import { readDraft } from '../persistence/drafts.js';
import type { FlowMeta } from '../store/editor-store.js';

export interface Opened {
  flow: Flow;
  meta: FlowMeta;
  saved: Flow | null;
}

/** The draft from the runtime, replaced by this browser's unsaved draft of it when there is one. */
export function fromRuntime(detail: RuleSetDetail, storage: Storage): Opened | null {
  const server = detail.draft;
  const local = readDraft(storage, detail.id);
  const meta: FlowMeta = { source: 'runtime', ...(detail.published ? { publishedVersion: detail.published.version } : {}) };
  if (local && !local.saved) return { flow: local.flow, meta, saved: server };
  if (!server) return local ? { flow: local.flow, meta, saved: null } : null;
  return { flow: server, meta, saved: server };
}

/** Opens a rule set by id: the runtime first, this browser's draft when the runtime is away. */
export async function openById(id: string, storage: Storage): Promise<Opened | null> {
  try {
    return fromRuntime(await api.get(id), storage);
  } catch {
    const local = readDraft(storage, id);
    return local ? { flow: local.flow, meta: { source: 'new' }, saved: null } : null;
  }
}

/**
 * Ids a new flow must not take: the templates' own (the runtime serves them as rule sets),
 * the runtime's rule sets and this browser's unsaved drafts.
 */
export function takenIds(templates: readonly Flow[], runtime: readonly { id: string }[], drafts: readonly string[]): Set<string> {
  return new Set([...templates.map((t) => t.id), ...runtime.map((r) => r.id), ...drafts]);
}

/** Names already shown on the start page: two rule sets of one name cannot be told apart. */
export function takenNames(templates: readonly Flow[], runtime: readonly { name: string }[], drafts: readonly string[]): Set<string> {
  return new Set([...templates.map((t) => t.name), ...runtime.map((r) => r.name), ...drafts]);
}

/**
 * A copy of a template under an id no rule set uses yet and a name of its own:
 * "BANT handoff (copy)", then "(copy 2)"; ids `bant-handoff-2`, `-3`, in step.
 *
 * @example
 * fromTemplate(bant, takenIds([bant], list, drafts), takenNames([bant], list, []))
 * // { flow: { id: 'bant-handoff-2', name: 'BANT handoff (copy)', ... }, ... }
 */
export function fromTemplate(t: Flow, taken: ReadonlySet<string>, names: ReadonlySet<string> = new Set()): Opened {
  let k = 2;
  const idOf = (n: number) => `${t.id}-${n}`;
  const nameOf = (n: number) => `${t.name} (copy${n > 2 ? ` ${n - 1}` : ''})`;
  while (taken.has(idOf(k)) || names.has(nameOf(k))) k++;
  const { version: _v, ...rest } = structuredClone(t);
  return { flow: { ...rest, id: idOf(k), name: nameOf(k) }, meta: { source: 'template' }, saved: null };
}
