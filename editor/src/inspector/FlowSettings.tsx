import { useActions, useEditor } from '../store/provider.js';
import { Row, Text } from './ui.js';

/** The flow's own settings: name, description, stages, reject stage. */
export function FlowSettings() {
  const flow = useEditor((s) => s.history.present);
  const actions = useActions();
  return (
    <div className="inspector pad" data-testid="flow-settings">
      <h3>Flow: {flow.name}</h3>
      <p className="muted">Select a node to edit it. Click or drag kinds from the palette; connect a port at the bottom of a node to the top of another.</p>
      <Row label="Name"><Text aria-label="Flow name" value={flow.name} onChange={(name) => actions.change((f) => ({ ...f, name }), { mergeKey: 'flow/name' })} /></Row>
      <Row label="Description"><Text aria-label="Flow description" value={flow.description} onChange={(description) => actions.change((f) => ({ ...f, description }), { mergeKey: 'flow/description' })} /></Row>
      <Row label="Stages">
        <input aria-label="Stages" defaultValue={(flow.stages ?? []).join(', ')} placeholder="Lead, MQL, SQL, Opportunity, Nurture, Recycled, Rejected" onBlur={(e) => {
          const stages = e.target.value.split(',').map((s) => s.trim()).filter(Boolean);
          actions.change((f) => { const { stages: _old, ...rest } = f; return stages.length > 0 ? { ...rest, stages } : rest; });
        }} />
      </Row>
      <Row label="Reject stage"><Text aria-label="Reject stage" value={flow.rejectStage} placeholder="Rejected" onChange={(rejectStage) => actions.change((f) => ({ ...f, rejectStage }), { mergeKey: 'flow/rejectStage' })} /></Row>
      <p className="muted small">Id: <code>{flow.id}</code> · {flow.nodes.length} nodes · {flow.edges.length} connections</p>
    </div>
  );
}
