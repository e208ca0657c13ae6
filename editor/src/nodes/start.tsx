import { FIELD_TYPES, type Field, type FlowStartNode } from '@sluice/schemas';
import { ListEditor, Row, Select, Text } from '../inspector/ui.js';
import type { NodeSpec } from './spec.js';

export const startSpec: NodeSpec<FlowStartNode> = {
  kind: 'start',
  title: 'Start',
  hint: 'Declares the lead fields the rules read',
  accent: '#475569',
  ports: () => ['next'],
  acceptsInput: false,
  defaultConfig: () => ({
    fields: [
      { key: 'lead.title', type: 'string', label: 'Job title' },
      { key: 'lead.country', type: 'string', label: 'Country' },
      { key: 'account.employees', type: 'number', label: 'Employees' },
    ],
  }),
  lines: (n) => {
    const f = n.config.fields;
    return [`${f.length} input field${f.length === 1 ? '' : 's'}`, ...f.map((x) => x.label ?? x.key)];
  },
  Inspector: ({ node, update }) => (
    <ListEditor<Field>
      items={node.config.fields}
      addLabel="field"
      make={() => ({ key: 'lead.newField', type: 'string' })}
      onChange={(fields) => update({ fields }, `${node.id}/fields`)}
      render={(f, set) => (
        <>
          <Row label="Key"><Text aria-label="Field key" value={f.key} onChange={(key) => set({ ...f, key })} /></Row>
          <Row label="Type"><Select aria-label="Field type" value={f.type} options={FIELD_TYPES} onChange={(type) => set({ ...f, type })} /></Row>
          <Row label="Label"><Text aria-label="Field label" value={f.label} onChange={(label) => set({ ...f, label })} /></Row>
        </>
      )}
    />
  ),
};
