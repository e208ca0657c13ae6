import { useReactFlow } from '@xyflow/react';
import './problems.css';
import { showNode } from '../canvas/show-node.js';
import { useActions, useEditor, useEditorStore } from '../store/provider.js';

/** Every problem of the flow, in plain words; clicking one selects its node and focuses the field. */
export function ProblemsList({ onOpenNode }: { onOpenNode: () => void }) {
  const issues = useEditor((s) => s.issues);
  const store = useEditorStore();
  const actions = useActions();
  const rf = useReactFlow();
  if (issues.length === 0) return <p className="pad ok" data-testid="no-problems">No problems: the flow compiles.</p>;
  return (
    <ul className="problems" data-testid="problems">
      {issues.map((i, k) => (
        <li key={k}>
          <button type="button" data-testid="problem" onClick={() => {
            // A problem of the flow's own settings: the inspector shows them when no node is selected.
            if (!i.nodeId) {
              actions.select({ nodes: [], edges: [] });
              return onOpenNode();
            }
            actions.select({ nodes: [i.nodeId], edges: [] });
            actions.setFocus(i.path);
            showNode(rf, store.getState().history.present, i.nodeId);
            onOpenNode();
          }}>
            <span className="problem-subject">{i.words?.subject ?? i.nodeId ?? 'The flow'}</span>
            <span className="problem-text">{i.words?.text ?? i.message}</span>
            <small className="problem-details muted">{i.words?.details ?? i.path}</small>
          </button>
        </li>
      ))}
    </ul>
  );
}
