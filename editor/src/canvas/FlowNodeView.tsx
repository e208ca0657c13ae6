import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useEditor } from '../store/provider.js';
import { startFields } from '../inspector/field-options.js';
import { look, specOf } from '../nodes/registry.js';
import { count, percent } from '../simulate/overlay.js';
import './node-face.css';
import { NodeLines } from './NodeLines.js';
import { NODE_WIDTH, portLayout } from './port-layout.js';
import type { XyNode } from './project.js';

/** One node on the canvas: what it does at a glance, its ports, its problems and its test result. */
export const FlowNodeView = memo(function FlowNodeView({ data, selected }: NodeProps<XyNode>) {
  const fields = useEditor((s) => startFields(s.history.present));
  const pick = useEditor((s) => s.actions.pickSimulated);
  const { node, issues, run, dimmed, parts, sim } = data;
  const spec = specOf(node.kind);
  const { title, accent } = look(node);
  const ports = portLayout(spec.ports(node));
  const cls = ['sl-node', `kind-${node.kind}`, selected ? 'selected' : '', dimmed ? 'dimmed' : '', run ? `run-${run.status}` : '', issues.length > 0 ? 'has-issues' : '', parts ? 'parted' : ''].join(' ');
  return (
    <div className={cls} style={{ ['--accent' as string]: accent, ...(ports.width > NODE_WIDTH ? { width: ports.width } : {}) }} data-node-id={node.id} data-testid={`node-${node.id}`}>
      {spec.acceptsInput && <Handle type="target" position={Position.Top} id="in" />}
      <div className="sl-head">
        <span className="sl-kind">{title}</span>
        <span className="sl-label" title={node.id}>{node.label ?? node.id}</span>
        {issues.length > 0 && (
          <span className="sl-badge" data-testid={`badge-${node.id}`} title={issues.map((i) => i.words?.text ?? i.message).join('\n')}>
            {issues.length}
          </span>
        )}
      </div>
      <NodeLines lines={spec.lines(node, fields)} nodeId={node.id} />
      {run && (
        <div className="sl-run" data-testid={`run-${node.id}`}>
          {run.status === 'rejected' ? '✗ ' : run.status === 'passed' ? '✓ ' : ''}
          {run.summary}
          {run.points.length > 0 && <b> {run.points.join(', ')}</b>}
        </div>
      )}
      {parts && (
        <div className="sl-parts" data-testid={`parts-${node.id}`} title={parts.join('\n')}>
          ⑂ {parts.length === 1 ? `“${parts[0]}” leaves its expected path here` : `${parts.length} failing cases leave their expected path here`}
        </div>
      )}
      {sim && (
        // A button inside the node: stopping the click keeps the node from being selected.
        <button type="button" className={`sl-sim nodrag ${sim.stale ? 'stale' : ''}`} data-testid={`sim-${node.id}`} title="List these leads"
          onClick={(e) => { e.stopPropagation(); pick('node', node.id); }}>
          <b>{count(sim.entered)}</b> in ({percent(sim.entered, sim.leads)})
          {sim.ended > 0 && node.kind !== 'outcome' && <span className="sl-sim-ended"> · ✗ {count(sim.ended)} {node.kind === 'gate' ? 'rejected' : 'ended here'}</span>}
        </button>
      )}
      {ports.slots.length > 0 && (
        <div className="sl-ports">
          {ports.slots.map(({ name: p, centre, maxLabel }) => (
            <div className="sl-port" key={p} style={{ left: centre }}>
              <span title={p} style={{ maxWidth: maxLabel }}>{p}</span>
              <Handle type="source" position={Position.Bottom} id={p} className={`port-${p}`} data-testid={`port-${node.id}-${p}`} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
});
