import type { FlowSetNode, SetConfig } from '@sluice/schemas';
import { ExprInput } from '../monaco/lazy.js';
import { ListEditor, Row, Select, Text } from '../inspector/ui.js';
import type { NodeSpec } from './spec.js';

type Assign = SetConfig['assign'][number];

export const setSpec: NodeSpec<FlowSetNode> = {
  kind: 'set',
  title: 'Set',
  hint: 'Computes variables with a small safe expression language',
  accent: '#0891b2',
  ports: () => ['next'],
  acceptsInput: true,
  defaultConfig: () => ({ assign: [{ name: 'total', expr: 'scores.fit + scores.engagement', type: 'number' }] }),
  lines: (n) => n.config.assign.map((a) => `${a.name} = ${a.expr}`),
  Inspector: ({ node, update, fields }) => (
    <ListEditor<Assign>
      items={node.config.assign}
      addLabel="variable"
      make={() => ({ name: `var${node.config.assign.length + 1}`, expr: '0' })}
      onChange={(assign) => update({ assign }, `${node.id}/assign`)}
      render={(a, set) => (
        <>
          <Row label="Name"><Text aria-label="Variable name" value={a.name} onChange={(name) => set({ ...a, name })} /></Row>
          <Row label="Type"><Select aria-label="Variable type" value={a.type ?? 'any'} options={['any', 'number', 'string', 'boolean', 'date', 'list'] as const} onChange={(type) => set({ ...a, type })} /></Row>
          <ExprInput value={a.expr} fields={fields.map((f) => f.key)} onChange={(expr) => set({ ...a, expr })} />
        </>
      )}
    />
  ),
};
