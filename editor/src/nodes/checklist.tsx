import type { ChecklistItem, FlowChecklistNode } from '@sluice/schemas';
import { describeCondition } from '../describe.js';
import { ConditionBuilder } from '../inspector/ConditionBuilder.js';
import { ListEditor, Num, Row, Text } from '../inspector/ui.js';
import type { NodeSpec } from './spec.js';

export const checklistSpec: NodeSpec<FlowChecklistNode> = {
  kind: 'checklist',
  title: 'Checklist',
  hint: 'N of M conditions hold (BANT)',
  accent: '#d97706',
  ports: () => ['pass', 'fail'],
  acceptsInput: true,
  defaultConfig: () => ({
    min: 3,
    items: ['Budget', 'Authority', 'Need', 'Timeline'].map((label) => ({ id: label.toLowerCase(), label, when: { all: [] } })),
  }),
  lines: (n, fields) => [
    `pass if ${n.config.min} of ${n.config.items.length} hold`,
    ...n.config.items.map((i) => `☐ ${i.label}: ${describeCondition(i.when, fields)}`),
  ],
  Inspector: ({ node, update, fields }) => {
    const c = node.config;
    return (
      <>
        <Row label="Pass when at least">
          <Num name="min" aria-label="Minimum items" min={0} value={c.min} onChange={(min) => update({ ...c, min: Math.max(0, Math.round(min ?? 0)) }, `${node.id}/min`)} />
          <span className="muted">of {c.items.length} items hold</span>
        </Row>
        <ListEditor<ChecklistItem>
          items={c.items}
          addLabel="item"
          make={() => ({ id: `item${c.items.length + 1}`, label: 'New item', when: { all: [] } })}
          onChange={(items) => update({ ...c, items }, `${node.id}/items`)}
          render={(item, set) => (
            <>
              <Row label="Label"><Text aria-label="Item label" value={item.label} onChange={(label) => set({ ...item, label })} /></Row>
              <Row label="Id"><Text aria-label="Item id" value={item.id} onChange={(id) => set({ ...item, id })} /></Row>
              <ConditionBuilder value={item.when} fields={fields} onChange={(when) => set({ ...item, when })} />
            </>
          )}
        />
      </>
    );
  },
};
