import { useEffect, useMemo, useRef } from 'react';
import type { FlowNode } from '@sluice/schemas';
import { renameNode, updateNode } from '../graph/ops.js';
import { specOf } from '../nodes/registry.js';
import { useActions, useEditor } from '../store/provider.js';
import { fieldOptions } from './field-options.js';
import { Row, Text } from './ui.js';
import { FlowSettings } from './FlowSettings.js';

/** The inspector of the selected node (or the flow's settings when none is selected). */
export function InspectorPanel() {
  const flow = useEditor((s) => s.history.present);
  const selected = useEditor((s) => s.selection.nodes);
  const issues = useEditor((s) => s.issues);
  const focus = useEditor((s) => s.focus);
  const actions = useActions();
  const fields = useMemo(() => fieldOptions(flow), [flow]);
  const box = useRef<HTMLDivElement>(null);
  const node = selected.length === 1 ? flow.nodes.find((n) => n.id === selected[0]) : undefined;

  // After clicking an error: focus the field it names, when the inspector has one by that name.
  useEffect(() => {
    if (!focus || !box.current) return;
    const segs = focus.split('/').filter((s) => s !== '' && !/^\d+$/.test(s));
    for (const name of segs.reverse()) {
      const el = box.current.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
      if (el) {
        el.focus();
        break;
      }
    }
    actions.setFocus(null);
  }, [focus, actions, node]);

  if (selected.length > 1) return <div className="pad muted">{selected.length} nodes selected. Ctrl+C copies, Ctrl+D duplicates, Delete removes.</div>;
  if (!node) return <FlowSettings />;
  const spec = specOf(node.kind);
  const Inspector = spec.Inspector;
  const mine = issues.filter((i) => i.nodeId === node.id);
  const update = (config: FlowNode['config'], mergeKey?: string) =>
    actions.change((f) => updateNode(f, node.id, (n) => ({ ...n, config }) as FlowNode), mergeKey ? { mergeKey } : {});
  return (
    <div className="inspector pad" ref={box} data-testid="inspector">
      <h3 style={{ borderColor: spec.accent }}>{spec.title}: {node.label ?? node.id}</h3>
      {mine.length > 0 && (
        <ul className="issues">
          {mine.map((i, k) => <li key={k}>{i.words?.text ?? i.message}</li>)}
        </ul>
      )}
      <Row label="Label"><Text name="label" aria-label="Node label" value={node.label} onChange={(label) => actions.change((f) => updateNode(f, node.id, (n) => ({ ...n, label })), { mergeKey: `${node.id}/label` })} /></Row>
      <Row label="Id">
        <input
          aria-label="Node id"
          defaultValue={node.id}
          key={node.id}
          onBlur={(e) => {
            const to = e.target.value.trim();
            if (/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(to) && to !== node.id) {
              actions.change((f) => renameNode(f, node.id, to));
              actions.select({ nodes: [to], edges: [] });
            } else e.target.value = node.id;
          }}
        />
      </Row>
      <Inspector node={node as never} fields={fields} update={update} />
    </div>
  );
}
