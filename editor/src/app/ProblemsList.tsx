import { useReactFlow } from '@xyflow/react';
import { useActions, useEditor } from '../store/provider.js';

/** Every problem of the flow; clicking one selects its node and focuses the field. */
export function ProblemsList({ onOpenNode }: { onOpenNode: () => void }) {
  const issues = useEditor((s) => s.issues);
  const actions = useActions();
  const { fitView } = useReactFlow();
  if (issues.length === 0) return <p className="pad ok" data-testid="no-problems">No problems: the flow compiles.</p>;
  return (
    <ul className="problems" data-testid="problems">
      {issues.map((i, k) => (
        <li key={k}>
          <button type="button" onClick={() => {
            if (!i.nodeId) return;
            actions.select({ nodes: [i.nodeId], edges: [] });
            actions.setFocus(i.path);
            void fitView({ nodes: [{ id: i.nodeId }], duration: 200, maxZoom: 1.2 });
            onOpenNode();
          }}>
            {i.nodeId && <b>{i.nodeId}</b>} {i.message} <span className="muted small">{i.path}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
