import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { useEditor } from '../store/provider.js';

export interface VersionRow {
  version: number;
  hash: string;
  name: string;
  /** When it was published (ISO), null when the runtime has no record of it (published before times were kept). */
  publishedAt?: string | null;
  author?: string;
}

export interface VersionList {
  /** Published versions, newest first. */
  versions: VersionRow[];
  /** The version scoring uses now. */
  live: number | null;
  error: string | null;
  loading: boolean;
}

/**
 * A rule set's published versions, asked again after each publish from this screen. A flow
 * the runtime has never seen (a template's copy, a file) has none: nothing is asked.
 */
export function useVersionList(id: string | undefined): VersionList {
  const published = useEditor((s) => s.meta.publishedVersion);
  const known = useEditor((s) => s.meta.source === 'runtime' || s.meta.publishedVersion !== undefined);
  const [list, setList] = useState<VersionList>({ versions: [], live: null, error: null, loading: true });
  useEffect(() => {
    if (!id || !known) return setList({ versions: [], live: null, error: null, loading: false });
    let live = true;
    api.versions(id).then(
      (vs) => live && setList({ versions: [...vs].sort((a, b) => b.version - a.version), live: published ?? null, error: null, loading: false }),
      (e: unknown) => live && setList({ versions: [], live: published ?? null, error: e instanceof Error ? e.message : String(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [id, published, known]);
  return list;
}
