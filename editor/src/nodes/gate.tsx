import type { FlowGateNode } from '@sluice/schemas';
import { describeCondition } from '../describe.js';
import { ConditionBuilder } from '../inspector/ConditionBuilder.js';
import { Row, Text } from '../inspector/ui.js';
import type { NodeSpec } from './spec.js';

export const gateSpec: NodeSpec<FlowGateNode> = {
  kind: 'gate',
  title: 'Gate',
  hint: 'Passes leads that meet a condition, rejects the rest with a reason',
  accent: '#2563eb',
  ports: () => ['pass', 'reject'],
  optionalPorts: ['reject'],
  acceptsInput: true,
  defaultConfig: () => ({ condition: { all: [] }, reason: 'not-qualified' }),
  lines: (n, fields) => [`Pass if ${describeCondition(n.config.condition, fields)}`, `else reject: ${n.config.reason}`],
  Inspector: ({ node, update, fields }) => {
    const c = node.config;
    return (
      <>
        <Row label="Reason code"><Text name="reason" aria-label="Reason code" value={c.reason} onChange={(reason) => update({ ...c, reason }, `${node.id}/reason`)} /></Row>
        <Row label="Message"><Text name="message" aria-label="Message" value={c.message} onChange={(message) => update({ ...c, message }, `${node.id}/message`)} /></Row>
        <h4>Pass when</h4>
        <ConditionBuilder value={c.condition} fields={fields} onChange={(condition) => update({ ...c, condition }, `${node.id}/condition`)} />
      </>
    );
  },
};
