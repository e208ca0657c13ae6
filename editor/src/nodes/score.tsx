import type { FlowScoreNode, ScoreRule } from '@sluice/schemas';
import { ListEditor, Num, Row, Text } from '../inspector/ui.js';
import { RuleEditor, ruleLine, withOpt } from './score-rules.js';
import type { NodeSpec } from './spec.js';

export const scoreSpec: NodeSpec<FlowScoreNode> = {
  kind: 'score',
  title: 'Score',
  hint: 'Adds points to a score from attributes or events (caps, decay)',
  accent: '#16a34a',
  ports: () => ['next'],
  acceptsInput: true,
  defaultConfig: () => ({ score: 'fit', rules: [] }),
  lines: (n) => {
    const r = n.config.rules;
    const cap = n.config.cap ? ` (${n.config.cap.min ?? '−∞'}…${n.config.cap.max ?? '∞'})` : '';
    return [`adds to ${n.config.score}${cap}`, ...r.map(ruleLine)];
  },
  Inspector: ({ node, update, fields }) => {
    const c = node.config;
    return (
      <>
        <Row label="Score"><Text aria-label="Score name" value={c.score} onChange={(score) => update({ ...c, score }, `${node.id}/score`)} /></Row>
        <Row label="Node cap min"><Num aria-label="Cap min" value={c.cap?.min} onChange={(min) => update(withOpt(c, 'cap', bounds({ ...c.cap, min })), `${node.id}/cap`)} /></Row>
        <Row label="Node cap max"><Num aria-label="Cap max" value={c.cap?.max} onChange={(max) => update(withOpt(c, 'cap', bounds({ ...c.cap, max })), `${node.id}/cap`)} /></Row>
        <h4>Rules</h4>
        <ListEditor<ScoreRule>
          items={c.rules}
          addLabel="rule"
          make={() => ({ label: 'New rule', points: 10, when: { all: [] } })}
          onChange={(rules) => update({ ...c, rules }, `${node.id}/rules`)}
          render={(rule, set) => <RuleEditor rule={rule} set={set} fields={fields} />}
        />
      </>
    );
  },
};

function bounds(b: { min?: number | undefined; max?: number | undefined }): { min?: number; max?: number } | undefined {
  const out: { min?: number; max?: number } = {};
  if (b.min !== undefined) out.min = b.min;
  if (b.max !== undefined) out.max = b.max;
  return Object.keys(out).length > 0 ? out : undefined;
}
