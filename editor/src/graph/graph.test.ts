import { describe, expect, it } from 'vitest';
import type { Flow } from '@sluice/schemas';
import { checkGraph } from './check.js';
import { copyNodes, parseClip, pasteClip, serializeClip } from './clipboard.js';
import { connectionError } from './connections.js';
import { layout, layers } from './layout.js';
import { connect, removeElements, renameNode } from './ops.js';
import { pathEdges } from './path.js';
import { commandFor } from './keyboard.js';

const flow: Flow = {
  schemaVersion: 1,
  id: 't',
  name: 'T',
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 }, config: { fields: [] } },
    { id: 'icp', kind: 'gate', position: { x: 0, y: 100 }, config: { condition: { all: [] }, reason: 'no-fit' } },
    { id: 'bant', kind: 'checklist', position: { x: 0, y: 200 }, config: { min: 1, items: [{ id: 'a', label: 'A', when: { all: [] } }] } },
    { id: 'sql', kind: 'outcome', position: { x: 0, y: 300 }, config: { stage: 'SQL' } },
    { id: 'nurture', kind: 'outcome', position: { x: 200, y: 300 }, config: { stage: 'Nurture' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'next', target: 'icp' },
    { id: 'e2', source: 'icp', sourcePort: 'pass', target: 'bant' },
    { id: 'e3', source: 'bant', sourcePort: 'pass', target: 'sql' },
    { id: 'e4', source: 'bant', sourcePort: 'fail', target: 'nurture' },
  ],
};
const code = (f: Flow, source: string, sourcePort: string, target: string) => connectionError(f, { source, sourcePort, target })?.code ?? null;

describe('connection validity', () => {
  const open = removeElements(flow, [], ['e4']);
  it('lets a free port connect downwards', () => {
    expect(code(open, 'bant', 'fail', 'nurture')).toBeNull();
  });
  it('refuses outcomes as sources, unknown ports, self-loops, the start as target, busy ports and cycles', () => {
    expect(code(open, 'sql', 'next', 'nurture')).toBe('E001');
    expect(code(open, 'icp', 'next', 'nurture')).toBe('E002');
    expect(code(open, 'icp', 'reject', 'icp')).toBe('E003');
    expect(code(open, 'icp', 'reject', 'start')).toBe('E004');
    expect(code(open, 'icp', 'pass', 'nurture')).toBe('E006');
    expect(code(open, 'bant', 'fail', 'icp')).toBe('E005');
  });
  it('knows a table\'s own ports, or next without them', () => {
    const t: Flow = { ...open, nodes: [...open.nodes, { id: 'grade', kind: 'table', config: { hitPolicy: 'first', outputs: [], rows: [], ports: ['hot', 'cold'] } }] };
    expect(code(t, 'grade', 'hot', 'sql')).toBeNull();
    expect(code(t, 'grade', 'next', 'sql')).toBe('E002');
  });
});

describe('checkGraph', () => {
  it('finds an unconnected port and an unreachable node, but not an open gate reject', () => {
    const broken = removeElements(flow, [], ['e3']);
    const issues = checkGraph(broken);
    expect(issues.map((i) => `${i.code} ${i.nodeId}`).sort()).toEqual(['E101 bant', 'E102 sql']);
    expect(checkGraph(flow)).toEqual([]);
  });
});

describe('layout', () => {
  it('puts each node a layer below its parents, pass left of fail, without overlaps', () => {
    expect(Object.fromEntries(layers(flow))).toEqual({ start: 0, icp: 1, bant: 2, sql: 3, nurture: 3 });
    const order = (id: string) => (id === 'bant' ? ['pass', 'fail'] : []);
    const pos = layout(flow, { portOrder: order });
    const y = (id: string) => pos.get(id)?.y ?? NaN;
    expect(y('start')).toBeLessThan(y('icp'));
    expect(y('icp')).toBeLessThan(y('bant'));
    expect(y('sql')).toBe(y('nurture'));
    const sx = pos.get('sql')?.x ?? 0;
    const nx = pos.get('nurture')?.x ?? 0;
    expect(nx - sx).toBeGreaterThanOrEqual(240 + 40);
    expect(layout(flow, { portOrder: order })).toEqual(pos);
  });
  it('places nodes on a cycle below the rest instead of looping', () => {
    const cyc = connect(removeElements(flow, [], []), { source: 'sql', sourcePort: 'x', target: 'icp' });
    expect(layers(cyc).get('icp')).toBeGreaterThan(0);
  });
});

describe('clipboard', () => {
  it('round-trips through text and pastes under fresh ids with the inner edges', () => {
    const clip = parseClip(serializeClip(copyNodes(flow, ['bant', 'sql', 'start'])));
    expect(clip?.nodes.map((n) => n.id)).toEqual(['start', 'bant', 'sql']);
    expect(clip?.edges.map((e) => e.id)).toEqual(['e3']);
    const { flow: next, ids } = pasteClip(flow, clip!, { x: 40, y: 40 });
    expect(ids).toEqual(['checklist1', 'outcome1']);
    expect(next.nodes.find((n) => n.id === 'outcome1')?.position).toEqual({ x: 40, y: 340 });
    expect(next.edges.at(-1)).toMatchObject({ source: 'checklist1', sourcePort: 'pass', target: 'outcome1' });
    expect(flow.nodes).toHaveLength(5);
  });
  it('ignores text that is not a clip', () => {
    expect(parseClip('hello')).toBeNull();
    expect(parseClip('{"format":"sluice/clip"')).toBeNull();
    expect(parseClip(null)).toBeNull();
  });
});

describe('ops, path and keys', () => {
  it('renames a node and its edges', () => {
    const r = renameNode(flow, 'bant', 'checks');
    expect(r.edges.filter((e) => e.source === 'checks' || e.target === 'checks')).toHaveLength(3);
    expect(renameNode(flow, 'bant', 'sql')).toBe(flow);
  });
  it('lights the edges between consecutive path nodes through the taken port', () => {
    expect([...pathEdges(flow.edges, { path: ['start', 'icp', 'bant', 'nurture'], trace: [{ nodeId: 'bant', kind: 'checklist', summary: '', port: 'fail' }] })]).toEqual(['e1', 'e2', 'e4']);
  });
  it('maps Ctrl and Cmd shortcuts', () => {
    const k = (key: string, o: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => commandFor({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...o });
    expect(k('z', { ctrlKey: true })).toBe('undo');
    expect(k('Z', { metaKey: true, shiftKey: true })).toBe('redo');
    expect(k('y', { ctrlKey: true })).toBe('redo');
    expect(k('d', { metaKey: true })).toBe('duplicate');
    expect(k('Delete')).toBe('delete');
    expect(k('z')).toBeNull();
  });
});

describe('onlyMoved', () => {
  it('tells moves from edits', async () => {
    const { moveNodes, onlyMoved, updateNode } = await import('./ops.js');
    const moved = moveNodes(flow, new Map([['icp', { x: 5, y: 5 }]]));
    expect(onlyMoved(flow, moved)).toBe(true);
    expect(onlyMoved(flow, updateNode(flow, 'icp', (n) => ({ ...n, label: 'ICP' })))).toBe(false);
    expect(onlyMoved(flow, { ...flow, name: 'x' })).toBe(false);
    expect(onlyMoved(flow, removeElements(flow, [], ['e1']))).toBe(false);
  });
});
