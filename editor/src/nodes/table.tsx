import type { FlowTableNode, TableConfig, TableRow } from '@sluice/schemas';
import { describeCondition } from '../describe.js';
import { ConditionBuilder } from '../inspector/ConditionBuilder.js';
import { ListEditor, Row, Select, Text } from '../inspector/ui.js';
import { withOpt } from './score-rules.js';
import type { NodeSpec } from './spec.js';

/** A cell's text as a value: numbers and booleans become themselves, empty removes it. */
export function cellValue(text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  if (t === 'true' || t === 'false') return t === 'true';
  return Number.isFinite(Number(t)) ? Number(t) : text;
}

function cells(values: Record<string, unknown> | undefined, outputs: TableConfig['outputs']): string {
  return outputs.map((o) => `${o.name}=${values?.[o.name] === undefined ? '—' : String(values[o.name])}`).join(' ');
}

export const tableSpec: NodeSpec<FlowTableNode> = {
  kind: 'table',
  title: 'Table',
  hint: 'Decision table: rows of conditions → values and a port',
  accent: '#9333ea',
  ports: (n) => n.config.ports ?? ['next'],
  acceptsInput: true,
  defaultConfig: () => ({ hitPolicy: 'first', outputs: [{ name: 'grade' }], rows: [{ label: 'Otherwise', when: { all: [] }, values: { grade: 'C' } }] }),
  lines: (n, fields) => {
    const c = n.config;
    const rows = c.rows.map((r) => `${r.label ?? describeCondition(r.when, fields)} → ${cells(r.values, c.outputs)}${r.port ? ` ▸${r.port}` : ''}`);
    return [`${c.hitPolicy} hit · ${c.rows.length} rows → ${c.outputs.map((o) => o.name).join(', ')}`, ...rows];
  },
  Inspector: ({ node, update, fields }) => {
    const c = node.config;
    const key = `${node.id}/config`;
    return (
      <>
        <Row label="Hit policy"><Select aria-label="Hit policy" value={c.hitPolicy} options={['first', 'collect'] as const} onChange={(hitPolicy) => update({ ...c, hitPolicy }, key)} /></Row>
        <Row label="Outputs" hint="Variable names, comma-separated">
          <input aria-label="Outputs" defaultValue={c.outputs.map((o) => o.name).join(', ')} onBlur={(e) => update({ ...c, outputs: names(e.target.value).map((name) => c.outputs.find((o) => o.name === name) ?? { name }) }, key)} />
        </Row>
        <Row label="Ports" hint="Out-ports, comma-separated; empty for one port, next">
          <input aria-label="Ports" defaultValue={(c.ports ?? []).join(', ')} onBlur={(e) => update(withOpt(c, 'ports', names(e.target.value).length > 0 ? names(e.target.value) : undefined), key)} />
        </Row>
        <h4>Rows</h4>
        <ListEditor<TableRow>
          items={c.rows}
          addLabel="row"
          make={() => ({ label: `Row ${c.rows.length + 1}`, when: { all: [] }, values: {} })}
          onChange={(rows) => update({ ...c, rows }, `${node.id}/rows`)}
          render={(row, set) => (
            <>
              <Row label="Label"><Text aria-label="Row label" value={row.label} onChange={(label) => set({ ...row, label })} /></Row>
              <ConditionBuilder value={row.when} fields={fields} onChange={(when) => set({ ...row, when })} />
              {c.outputs.map((o) => (
                <Row key={o.name} label={o.name}>
                  <Text aria-label={`Output ${o.name}`} value={row.values?.[o.name] === undefined ? '' : String(row.values[o.name])} onChange={(t) => set({ ...row, values: withOpt(row.values ?? {}, o.name, cellValue(t)) })} />
                </Row>
              ))}
              {c.ports && (
                <Row label="Port"><Select aria-label="Row port" value={row.port} options={c.ports} onChange={(port) => set({ ...row, port })} /></Row>
              )}
            </>
          )}
        />
        {c.ports && (
          <Row label="Default port"><Select aria-label="Default port" value={c.default?.port} options={c.ports} onChange={(port) => update({ ...c, default: { ...c.default, port } }, key)} /></Row>
        )}
      </>
    );
  },
};

function names(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
