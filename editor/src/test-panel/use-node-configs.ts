import { useMemo } from 'react';
import { useShallow } from 'zustand/shallow';
import type { Flow } from '@sluice/schemas';
import { useEditor } from '../store/provider.js';

/**
 * The flow's nodes as the test form reads them: id, kind and config. A drag changes only
 * positions, which keeps every config object as it was, so the form is not re-rendered on each
 * frame of a drag (the shallow comparison sees the same ids, kinds and configs).
 */
export function useNodeConfigs(): Pick<Flow, 'nodes'> {
  const flat = useEditor(useShallow((s) => s.history.present.nodes.flatMap((n) => [n.id, n.kind, n.config])));
  return useMemo(() => {
    const nodes = [];
    for (let i = 0; i < flat.length; i += 3) nodes.push({ id: flat[i], kind: flat[i + 1], config: flat[i + 2] });
    return { nodes: nodes as unknown as Flow['nodes'] };
  }, [flat]);
}
